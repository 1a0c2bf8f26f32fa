package com.agentbounty.gateway.vault;

import com.agentbounty.gateway.audit.SecurityAuditLog;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/**
 * The platform's provider API keys for the AI review (docs/sandbox.md): admins store, list (name, provider, hint) and
 * delete them; the key is never returned. Configuration refers to one as {@code vault:<name>}. Platform settings, so
 * the flags permission guards them.
 */
@RestController
class PlatformCredentialController {

    private static final String SUBJECT = "platform";

    private final PlatformCredentials credentials;
    private final SecurityAuditLog audit;
    private final Clock clock;

    PlatformCredentialController(PlatformCredentials credentials, SecurityAuditLog audit, Clock clock) {
        this.credentials = credentials;
        this.audit = audit;
        this.clock = clock;
    }

    @PreAuthorize("hasAuthority('admin:manage_flags')")
    @PutMapping(path = "/api/admin/platform-credentials/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    AgentCredentials.CredentialSummary store(Caller caller, @PathVariable @Pattern(regexp = "[a-z0-9-]{1,64}") String name,
                                             @Valid @RequestBody AgentCredentialController.StoreCredentialRequest request) {
        var stored = credentials.store(name, request.provider(), request.apiKey(), clock.instant());
        audit.record(SecurityAuditLog.Action.CREDENTIAL_STORED, caller.id().value(), SUBJECT, name + " (" + request.provider() + ")");
        return stored;
    }

    @PreAuthorize("hasAuthority('admin:manage_flags')")
    @GetMapping("/api/admin/platform-credentials")
    List<AgentCredentials.CredentialSummary> list() {
        return credentials.list();
    }

    @PreAuthorize("hasAuthority('admin:manage_flags')")
    @DeleteMapping("/api/admin/platform-credentials/{name}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String name) {
        if (!credentials.delete(name)) {
            throw ApiException.notFound("platform credential", name);
        }
        audit.record(SecurityAuditLog.Action.CREDENTIAL_DELETED, caller.id().value(), SUBJECT, name);
        return ResponseEntity.noContent().build();
    }
}
