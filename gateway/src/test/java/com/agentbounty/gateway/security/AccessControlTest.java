package com.agentbounty.gateway.security;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may call what, and which tokens count: broken authentication and authorisation are the API's top risks. */
class AccessControlTest extends GatewayIntegrationTest {

    @Autowired
    SigningKeys signingKeys;

    @Test
    void withoutATokenTheApiAnswers401InTheStandardFormat() {
        Reply reply = get(null, "/api/bounties");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(reply.headers().getFirst("WWW-Authenticate")).startsWith("Bearer");
    }

    /** The control case of the forgeries below: the same construction with everything right is accepted. */
    @Test
    void aTokenBuiltLikeTheForgeriesButCorrectIsAccepted() {
        String subject = business().id();

        assertThat(get(asToken(signed(claims -> claims.subject(subject), "at+jwt", activeKey())), "/api/me").status()).isEqualTo(200);
    }

    @Test
    void forgedExpiredOrMisaddressedTokensAreRefused() {
        String subject = business().id();
        Consumer<JWTClaimsSet.Builder> valid = claims -> claims.subject(subject);
        OctetSequenceKey attackerKey = new OctetSequenceKey.Builder(randomSecret()).keyID(signingKeys.activeKeyId()).build();

        assertRefused(signed(valid, "at+jwt", attackerKey), "signed with another key");
        assertRefused(signed(valid.andThen(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120)))), "at+jwt", activeKey()), "expired");
        assertRefused(signed(valid.andThen(c -> c.issuer("someone-else")), "at+jwt", activeKey()), "wrong issuer");
        assertRefused(signed(valid.andThen(c -> c.audience("another-api")), "at+jwt", activeKey()), "wrong audience");
        assertRefused(signed(valid.andThen(c -> c.claim("role", "superuser")), "at+jwt", activeKey()), "unknown role");
        assertRefused(signed(valid, "JWT", activeKey()), "not an access token");
        assertRefused(unsigned(subject), "alg none");
        assertRefused("not.a.token", "garbage");
    }

    @Test
    void anAgentCannotDraftABounty() {
        Reply reply = postJson(agent(), "/api/bounties", bountyJson("Agent's attempt", 100, "USD"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void aBusinessNeitherSeesNorRevisesAnotherBusinessesDraft() {
        User acme = business();
        User rival = business();
        String id = postJson(acme, "/api/bounties", bountyJson("Acme's secret plan", 100, "USD")).body().get("id").asText();
        long eventsBefore = storedEvents();

        assertThat(get(rival, "/api/bounties/" + id).status()).isEqualTo(404);
        assertThat(send(HttpMethod.PUT, "/api/bounties/" + id, bountyJson("Hijacked", 1, "USD"), MediaType.APPLICATION_JSON, rival).status())
                .isEqualTo(404);
        assertThat(get(rival, "/api/bounties?limit=100").body().toString()).doesNotContain(id);
        assertThat(storedEvents()).isEqualTo(eventsBefore);
        assertThat(get(acme, "/api/bounties/" + id).status()).isEqualTo(200);
    }

    @Test
    void onlyAdminsManageUsers() {
        assertThat(get(business(), "/api/admin/users").status()).isEqualTo(403);
        assertThat(get(agent(), "/api/admin/users").status()).isEqualTo(403);
        assertThat(get(admin(), "/api/admin/users").status()).isEqualTo(200);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        Reply reply = get(null, "/api/health");

        HttpHeaders headers = reply.headers();
        assertThat(headers.getFirst("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(headers.getFirst("Strict-Transport-Security")).contains("max-age=31536000");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
    }

    /** TRACE would echo request headers (cross-site tracing); the firewall refuses the method outright. */
    @Test
    void traceIsRefusedAndEchoesNothing() {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Probe", "secret-cookie-value");
        ResponseEntity<String> reply = http.exchange("/api/health", HttpMethod.TRACE, new HttpEntity<>(headers), String.class);

        assertThat(reply.getStatusCode().value()).isIn(400, 405);
        assertThat(String.valueOf(reply.getBody())).doesNotContain("secret-cookie-value");
    }

    @Test
    void aBrowserFromAnUnlistedOriginGetsNoCorsPermission() {
        HttpHeaders headers = new HttpHeaders();
        headers.setOrigin("https://evil.example");
        headers.setAccessControlRequestMethod(HttpMethod.POST);
        ResponseEntity<String> preflight = http.exchange("/api/bounties", HttpMethod.OPTIONS, new HttpEntity<>(headers), String.class);

        assertThat(preflight.getHeaders().getAccessControlAllowOrigin()).isNull();
        assertThat(preflight.getStatusCode().value()).isEqualTo(403);
    }

    private void assertRefused(String token, String why) {
        Reply reply = get(asToken(token), "/api/me");
        assertThat(reply.status()).as(why).isEqualTo(401);
    }

    private static User asToken(String token) {
        return new User(null, token, null);
    }

    private OctetSequenceKey activeKey() {
        return TestTokens.activeKey(signingKeys);
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    private static String signed(Consumer<JWTClaimsSet.Builder> customise, String type, OctetSequenceKey key) {
        return TestTokens.signed(customise, type, key);
    }

    private static String unsigned(String subject) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
        String body = base64.encodeToString(("{\"iss\":\"agent-bounty\",\"aud\":\"agent-bounty-api\",\"sub\":\"" + subject
                + "\",\"role\":\"admin\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + body + ".";
    }
}
