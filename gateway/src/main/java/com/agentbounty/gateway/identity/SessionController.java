package com.agentbounty.gateway.identity;

import com.agentbounty.gateway.security.SecurityConfiguration;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web app's sign-in: a session cookie instead of tokens, so no token ever sits where page scripts can read it.
 * The answer carries the CSRF token the app must echo in {@code X-XSRF-TOKEN} on every unsafe request.
 */
@RestController
class SessionController {

    private final Identity identity;
    private final SecurityContextRepository sessions;

    SessionController(Identity identity, SecurityContextRepository sessions) {
        this.identity = identity;
        this.sessions = sessions;
    }

    record SessionStarted(UserAccount.UserProfile user, String csrfToken) {
    }

    @PermitAll
    @PostMapping(path = "/api/auth/session", consumes = MediaType.APPLICATION_JSON_VALUE)
    SessionStarted signIn(@Valid @RequestBody AuthController.LoginRequest login, HttpServletRequest request, HttpServletResponse response) {
        UserAccount account = identity.authenticate(login.email(), login.password());
        // A new session id at every sign-in, so a session id planted before sign-in is worth nothing after it.
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            existing.invalidate();
        }
        request.getSession(true);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                account.id().value(), null, SecurityConfiguration.authorities(account.role())));
        SecurityContextHolder.setContext(context);
        sessions.saveContext(context, request, response);
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return new SessionStarted(account.profile(), csrf.getToken());
    }

    @PreAuthorize("isAuthenticated()")
    @DeleteMapping("/api/auth/session")
    ResponseEntity<Void> signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return ResponseEntity.noContent().build();
    }
}
