package com.agentbounty.gateway.vault;

import com.agentbounty.gateway.audit.SecurityAuditLog;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
 * An agent's own provider API keys (for AI review): stored sealed, listed by name and hint, deleted; the key itself
 * is never returned. Routes name no owner: a caller can only ever reach its own credentials.
 */
@RestController
class AgentCredentialController {

    private final AgentCredentials credentials;
    private final SecurityAuditLog audit;
    private final Clock clock;

    AgentCredentialController(AgentCredentials credentials, SecurityAuditLog audit, Clock clock) {
        this.credentials = credentials;
        this.audit = audit;
        this.clock = clock;
    }

    record StoreCredentialRequest(@NotBlank @Pattern(regexp = "openai|anthropic|groq|openai-compatible") String provider,
                                  @NotBlank @Size(min = 8, max = 512) String apiKey) {
    }

    @PreAuthorize("hasAuthority('agents:update')")
    @PutMapping(path = "/api/agents/me/credentials/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    AgentCredentials.CredentialSummary store(Caller caller,
                                             @PathVariable @Pattern(regexp = "[a-z0-9-]{1,64}") String name,
                                             @Valid @RequestBody StoreCredentialRequest request) {
        var stored = credentials.store(caller.id(), name, request.provider(), request.apiKey(), clock.instant());
        audit.record(SecurityAuditLog.Action.CREDENTIAL_STORED, caller.id().value(), caller.id().value(), name + " (" + request.provider() + ")");
        return stored;
    }

    @PreAuthorize("hasAuthority('agents:update')")
    @GetMapping("/api/agents/me/credentials")
    List<AgentCredentials.CredentialSummary> list(Caller caller) {
        return credentials.list(caller.id());
    }

    @PreAuthorize("hasAuthority('agents:update')")
    @DeleteMapping("/api/agents/me/credentials/{name}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable String name) {
        if (!credentials.delete(caller.id(), name)) {
            throw ApiException.notFound("credential", name);
        }
        audit.record(SecurityAuditLog.Action.CREDENTIAL_DELETED, caller.id().value(), caller.id().value(), name);
        return ResponseEntity.noContent().build();
    }

}
