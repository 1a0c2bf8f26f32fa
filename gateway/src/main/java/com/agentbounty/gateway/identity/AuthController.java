package com.agentbounty.gateway.identity;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.Caller;
import com.agentbounty.gateway.security.Role;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Sign-up for businesses and agents, sign-in, token rotation, sign-out, and who am I. */
@RestController
class AuthController {

    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 128;

    private final Identity identity;

    AuthController(Identity identity) {
        this.identity = identity;
    }

    record RegisterRequest(@NotBlank @Email @Size(max = 254) String email,
                           @NotBlank @Size(min = MIN_PASSWORD, max = MAX_PASSWORD) String password,
                           @NotBlank @Size(max = 100) String displayName,
                           @NotNull @Pattern(regexp = "business|agent", message = "must be business or agent") String role) {
    }

    record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = MAX_PASSWORD) String password) {
    }

    record RefreshRequest(@NotBlank @Size(max = 128) String refreshToken) {
    }

    record Registered(UserAccount.UserProfile user, String accessToken, String refreshToken, long expiresIn, String tokenType) {
    }

    @PermitAll
    @PostMapping(path = "/api/auth/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Registered> register(@Valid @RequestBody RegisterRequest request) {
        Role role = Role.fromClaim(request.role());
        if (!role.signsUpItself()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", "Only businesses and agents sign up", Map.of("role", "must be business or agent"));
        }
        UserAccount account = identity.create(request.email(), request.password(), request.displayName(), role, null);
        Identity.Tokens tokens = identity.signIn(account);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Registered(account.profile(), tokens.accessToken(), tokens.refreshToken(), tokens.expiresIn(), tokens.tokenType()));
    }

    @PermitAll
    @PostMapping(path = "/api/auth/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    Identity.Tokens login(@Valid @RequestBody LoginRequest request) {
        return identity.login(request.email(), request.password());
    }

    @PermitAll
    @PostMapping(path = "/api/auth/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
    Identity.Tokens refresh(@Valid @RequestBody RefreshRequest request) {
        return identity.refresh(request.refreshToken());
    }

    /** Ends the login the refresh token belongs to. Access tokens already issued expire on their own (15 minutes). */
    @PermitAll
    @PostMapping(path = "/api/auth/logout", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> logout(@Valid @RequestBody RefreshRequest request) {
        identity.logout(request.refreshToken());
        return ResponseEntity.noContent().build();
    }

    @PreAuthorize("isAuthenticated()")
    @GetMapping("/api/me")
    UserAccount.UserProfile me(Caller caller) {
        return identity.account(caller.id()).profile();
    }

    /**
     * Who the caller is as its credentials say (the access token, or the web session), without reading the account:
     * for a client that checks its sign-in. Also the read-cache benchmark's baseline for a signed-in, rate-limited route.
     */
    @PreAuthorize("isAuthenticated()")
    @GetMapping("/api/me/session")
    SignedIn session(Caller caller) {
        return new SignedIn(caller.id(), caller.role().claimValue());
    }

    record SignedIn(UserId id, String role) {
    }
}
