package com.agentbounty.gateway.identity;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.gateway.audit.SecurityAuditLog;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.TextSanitizer;
import com.agentbounty.gateway.security.Role;
import com.agentbounty.gateway.security.TokenProperties;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.stereotype.Service;
import com.agentbounty.gateway.security.SigningKeys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sign-up, sign-in, token rotation and sign-out. Every failure is an {@link ApiException} with its status. */
@Service
class Identity {

    /** A real hash to compare against when the email is unknown, so a wrong email costs as long as a wrong password. */
    private final String unknownUserHash;

    private final UserAccounts accounts;
    private final RefreshTokens refreshTokens;
    private final PasswordEncoder passwords;
    private final JwtEncoder jwtEncoder;
    private final SigningKeys signingKeys;
    private final TokenProperties tokenProperties;
    private final IdentityProperties identityProperties;
    private final SecurityAuditLog audit;
    private final Clock clock;

    Identity(UserAccounts accounts, RefreshTokens refreshTokens, PasswordEncoder passwords, JwtEncoder jwtEncoder,
             SigningKeys signingKeys, TokenProperties tokenProperties, IdentityProperties identityProperties,
             SecurityAuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.refreshTokens = refreshTokens;
        this.passwords = passwords;
        this.jwtEncoder = jwtEncoder;
        this.signingKeys = signingKeys;
        this.tokenProperties = tokenProperties;
        this.identityProperties = identityProperties;
        this.audit = audit;
        this.clock = clock;
        this.unknownUserHash = passwords.encode(UUID.randomUUID().toString());
    }

    record Tokens(String accessToken, String refreshToken, long expiresIn, String tokenType) {
    }

    /**
     * @param createdBy the admin creating the account, or null when the user signs up itself
     */
    UserAccount create(String email, String password, String displayName, Role role, UserId createdBy) {
        UserAccount account = accounts.create(email.trim(), TextSanitizer.plainText(displayName), role, passwords.encode(password), clock.instant())
                .orElseThrow(() -> new ApiException(HttpStatus.CONFLICT, "EMAIL_TAKEN", "An account with this email exists", Map.of("email", email)));
        if (createdBy == null) {
            audit.record(SecurityAuditLog.Action.USER_SIGNED_UP, account.id().value(), account.id().value(), "role " + role.claimValue());
        } else {
            audit.record(SecurityAuditLog.Action.USER_CREATED_BY_ADMIN, createdBy.value(), account.id().value(), "role " + role.claimValue());
        }
        return account;
    }

    Tokens signIn(UserAccount account) {
        return tokens(account, refreshTokens.issue(account.id(), tokenProperties.refreshTokenLifetime(),
                tokenProperties.refreshFamilyLifetime(), clock.instant()));
    }

    Tokens login(String email, String password) {
        return signIn(authenticate(email, password));
    }

    /** Checks a password, counting failures towards a lockout. */
    UserAccount authenticate(String email, String password) {
        Instant now = clock.instant();
        var found = accounts.byEmail(email.trim());
        if (found.isEmpty()) {
            passwords.matches(password, unknownUserHash);
            throw wrongCredentials();
        }
        UserAccount account = found.get();
        if (account.isLockedAt(now)) {
            long seconds = Math.max(1, Duration.between(now, account.lockedUntil()).toSeconds());
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "ACCOUNT_LOCKED",
                    "Too many failed sign-ins; try again later", Map.of("retryAfterSeconds", seconds));
        }
        if (!passwords.matches(password, account.passwordHash())) {
            if (accounts.recordFailedLogin(account.id(), identityProperties.login().maxFailures(), identityProperties.login().lockout(), now)) {
                audit.record(SecurityAuditLog.Action.ACCOUNT_LOCKED, null, account.id().value(),
                        identityProperties.login().maxFailures() + " failed sign-ins");
            }
            throw wrongCredentials();
        }
        String hash = passwords.upgradeEncoding(account.passwordHash()) ? passwords.encode(password) : account.passwordHash();
        accounts.recordSuccessfulLogin(account.id(), hash);
        return account;
    }

    Tokens refresh(String refreshToken) {
        RefreshTokens.Rotation rotation = refreshTokens.rotate(refreshToken, tokenProperties.refreshTokenLifetime(), clock.instant());
        if (rotation instanceof RefreshTokens.Rotation.Rotated rotated) {
            return tokens(accounts.byId(rotated.user()).orElseThrow(), rotated.token());
        }
        if (rotation instanceof RefreshTokens.Rotation.Reused reused) {
            audit.record(SecurityAuditLog.Action.REFRESH_TOKEN_REUSED, null, reused.user().value(), "login revoked");
            throw new ApiException(HttpStatus.UNAUTHORIZED, "REFRESH_TOKEN_REUSED",
                    "This refresh token was already used; every session of this login is now ended", null);
        }
        throw new ApiException(HttpStatus.UNAUTHORIZED, "INVALID_REFRESH_TOKEN",
                "This refresh token is unknown, expired or revoked; sign in again", null);
    }

    void logout(String refreshToken) {
        refreshTokens.revokeFamilyOf(refreshToken, clock.instant()).ifPresent(user ->
                audit.record(SecurityAuditLog.Action.LOGGED_OUT, user.value(), user.value(), "refresh family revoked"));
    }

    UserAccount changeRole(UserId user, Role role, UserId admin) {
        UserAccount before = account(user);
        accounts.changeRole(user, role);
        audit.record(SecurityAuditLog.Action.ROLE_CHANGED, admin.value(), user.value(),
                before.role().claimValue() + " -> " + role.claimValue());
        return account(user);
    }

    UserAccount account(UserId id) {
        return accounts.byId(id).orElseThrow(() -> ApiException.notFound("user", id.value()));
    }

    List<UserAccount> all() {
        return accounts.all();
    }

    private Tokens tokens(UserAccount account, String refreshToken) {
        Instant now = clock.instant();
        Duration lifetime = tokenProperties.accessTokenLifetime();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(tokenProperties.issuer())
                .audience(List.of(tokenProperties.audience()))
                .subject(account.id().value())
                .claim("role", account.role().claimValue())
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).keyId(signingKeys.activeKeyId()).type("at+jwt").build();
        String accessToken = jwtEncoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new Tokens(accessToken, refreshToken, lifetime.toSeconds(), "Bearer");
    }

    private static ApiException wrongCredentials() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "INVALID_CREDENTIALS", "Email or password is wrong", null);
    }
}
