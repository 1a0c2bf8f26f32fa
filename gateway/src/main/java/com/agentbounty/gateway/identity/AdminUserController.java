package com.agentbounty.gateway.identity;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.gateway.security.Caller;
import com.agentbounty.gateway.security.Role;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

import static com.agentbounty.gateway.identity.AuthController.MAX_PASSWORD;
import static com.agentbounty.gateway.identity.AuthController.MIN_PASSWORD;

/** Admins create every kind of account (admins, auditors and analysts only this way) and list them. */
@RestController
class AdminUserController {

    private final Identity identity;

    AdminUserController(Identity identity) {
        this.identity = identity;
    }

    record CreateUserRequest(@NotBlank @Email @Size(max = 254) String email,
                             @NotBlank @Size(min = MIN_PASSWORD, max = MAX_PASSWORD) String password,
                             @NotBlank @Size(max = 100) String displayName,
                             @NotNull @Pattern(regexp = "business|agent|admin|auditor|analyst") String role) {
    }

    @PreAuthorize("hasAuthority('admin:manage_users')")
    @PostMapping(path = "/api/admin/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    UserAccount.UserProfile create(Caller admin, @Valid @RequestBody CreateUserRequest request) {
        return identity.create(request.email(), request.password(), request.displayName(), Role.fromClaim(request.role()), admin.id()).profile();
    }

    record ChangeRoleRequest(@NotNull @Pattern(regexp = "business|agent|admin|auditor|analyst") String role) {
    }

    /** Takes effect at the user's next token (access tokens live 15 minutes) or session sign-in. */
    @PreAuthorize("hasAuthority('admin:manage_users')")
    @PutMapping(path = "/api/admin/users/{id}/role", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserAccount.UserProfile changeRole(Caller admin, @PathVariable String id, @Valid @RequestBody ChangeRoleRequest request) {
        return identity.changeRole(new UserId(id), Role.fromClaim(request.role()), admin.id()).profile();
    }

    @PreAuthorize("hasAuthority('admin:manage_users')")
    @GetMapping("/api/admin/users")
    List<UserAccount.UserProfile> list() {
        return identity.all().stream().map(UserAccount::profile).toList();
    }
}
