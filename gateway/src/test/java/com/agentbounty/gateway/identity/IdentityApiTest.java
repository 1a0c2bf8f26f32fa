package com.agentbounty.gateway.identity;

import com.agentbounty.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-up, sign-in, rotation with reuse detection, lockout and sign-out, through HTTP. */
class IdentityApiTest extends GatewayIntegrationTest {

    private Reply register(String email, String password, String role) {
        return postJson(null, "/api/auth/register", """
                {"email":"%s","password":"%s","displayName":"Someone","role":"%s"}""".formatted(email, password, role));
    }

    private Reply refresh(String refreshToken) {
        return postJson(null, "/api/auth/refresh", "{\"refreshToken\":\"%s\"}".formatted(refreshToken));
    }

    private static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void aSignedUpBusinessIsWhoItsTokenSays() {
        User acme = business();

        Reply me = get(acme, "/api/me");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("id").asText()).isEqualTo(acme.id());
        assertThat(me.body().get("role").asText()).isEqualTo("business");
        assertThat(me.body().has("passwordHash")).isFalse();
    }

    @Test
    void theSessionRouteAnswersWhatTheTokenSaysAndIsRateLimitedLikeTheApi() {
        User ada = agent();

        Reply session = get(ada, "/api/me/session");

        assertThat(session.status()).isEqualTo(200);
        assertThat(session.body().get("id").asText()).isEqualTo(ada.id());
        assertThat(session.body().get("role").asText()).isEqualTo("agent");
        assertThat(session.headers().getFirst("X-RateLimit-Remaining")).as("counted by the API limiter").isNotNull();
        assertThat(get(null, "/api/me/session").status()).isEqualTo(401);
    }

    @Test
    void privilegedRolesCannotSignUpThemselves() {
        for (String role : new String[]{"admin", "auditor", "analyst"}) {
            Reply reply = register(newEmail(), "long enough password", role);
            assertThat(reply.status()).as(role).isEqualTo(400);
            assertThat(reply.body().at("/error/code").asText()).isEqualTo("VALIDATION_ERROR");
        }
    }

    @Test
    void anEmailCanHoldOneAccountWhateverItsCase() {
        String email = newEmail();
        assertThat(register(email, "long enough password", "agent").status()).isEqualTo(201);

        Reply again = register(email.toUpperCase(), "long enough password", "business");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().at("/error/code").asText()).isEqualTo("EMAIL_TAKEN");
    }

    @Test
    void aShortPasswordIsRefused() {
        Reply reply = register(newEmail(), "short", "agent");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/details/password").asText()).isNotBlank();
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailAnswerAlike() {
        String email = newEmail();
        register(email, "long enough password", "agent");

        Reply wrongPassword = login(email, "not the password");
        Reply unknownEmail = login(newEmail(), "not the password");

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenAgainstTheRightOne() {
        String email = newEmail();
        register(email, "long enough password", "agent");
        for (int i = 0; i < 5; i++) {
            assertThat(login(email, "guess " + i).status()).isEqualTo(401);
        }

        Reply locked = login(email, "long enough password");

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body().at("/error/code").asText()).isEqualTo("ACCOUNT_LOCKED");
    }

    @Test
    void aRefreshTokenIsGoodForOneRotation() {
        User agent = agent();

        Reply rotated = refresh(agent.refreshToken());

        assertThat(rotated.status()).isEqualTo(200);
        String next = rotated.body().get("refreshToken").asText();
        assertThat(next).isNotEqualTo(agent.refreshToken());
        assertThat(rotated.body().get("expiresIn").asLong()).isEqualTo(900);
        assertThat(get(new User(agent.id(), rotated.body().get("accessToken").asText(), next), "/api/me").status()).isEqualTo(200);
    }

    @Test
    void reusingARotatedRefreshTokenEndsTheWholeLogin() {
        User agent = agent();
        String stolenThenRotated = agent.refreshToken();
        String legitimateNext = refresh(stolenThenRotated).body().get("refreshToken").asText();

        Reply replay = refresh(stolenThenRotated);

        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.body().at("/error/code").asText()).isEqualTo("REFRESH_TOKEN_REUSED");
        assertThat(refresh(legitimateNext).status()).isEqualTo(401);
    }

    @Test
    void afterLogoutTheRefreshTokenIsDead() {
        User agent = agent();

        Reply logout = send(HttpMethod.POST, "/api/auth/logout", "{\"refreshToken\":\"%s\"}".formatted(agent.refreshToken()),
                MediaType.APPLICATION_JSON, null);

        assertThat(logout.status()).isEqualTo(204);
        assertThat(refresh(agent.refreshToken()).status()).isEqualTo(401);
    }

    @Test
    void anAdminCreatesAuditorsAndTheyCanSignIn() {
        String email = newEmail();

        Reply created = postJson(admin(), "/api/admin/users", """
                {"email":"%s","password":"long enough password","displayName":"Audrey","role":"auditor"}""".formatted(email));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("role").asText()).isEqualTo("auditor");
        assertThat(login(email, "long enough password").status()).isEqualTo(200);
    }

    @Test
    void anAdminChangesARoleAndTheChangeIsInTheSecurityLog() {
        User agent = agent();
        User admin = admin();

        Reply changed = send(HttpMethod.PUT, "/api/admin/users/" + agent.id() + "/role", "{\"role\":\"business\"}", MediaType.APPLICATION_JSON, admin);

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().get("role").asText()).isEqualTo("business");
        User auditor = auditor(admin);
        Reply log = get(auditor, "/api/audit/security-log?limit=200");
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body().get("data").toString()).contains("ROLE_CHANGED").contains(agent.id()).contains("agent -> business");
    }

    @Test
    void signUpsLockoutsAndReplayedTokensAreInTheSecurityLog() {
        String email = newEmail();
        String id = register(email, "long enough password", "agent").body().at("/user/id").asText();
        for (int i = 0; i < 5; i++) {
            login(email, "guess " + i);
        }
        User other = agent();
        refresh(other.refreshToken());
        refresh(other.refreshToken());

        String log = get(auditor(admin()), "/api/audit/security-log?limit=200").body().get("data").toString();

        assertThat(log).contains("USER_SIGNED_UP").contains("ACCOUNT_LOCKED").contains(id)
                .contains("REFRESH_TOKEN_REUSED").contains(other.id());
        assertThat(log).doesNotContain("long enough password");
    }

    private User auditor(User admin) {
        String email = newEmail();
        postJson(admin, "/api/admin/users", """
                {"email":"%s","password":"long enough password","displayName":"Audrey","role":"auditor"}""".formatted(email));
        Reply tokens = login(email, "long enough password");
        return new User(null, tokens.body().get("accessToken").asText(), tokens.body().get("refreshToken").asText());
    }
}
