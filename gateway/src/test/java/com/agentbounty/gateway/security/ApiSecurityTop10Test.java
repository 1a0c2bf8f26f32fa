package com.agentbounty.gateway.security;

import com.agentbounty.gateway.GatewayIntegrationTest;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Nested;
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
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API security suite, one nested class per OWASP API Security Top 10 (2023) risk that applies to the routes
 * built so far. docs/security.md maps each control to its test here. (API6, business-flow abuse, and API7, SSRF,
 * have no route yet: no flow moves money and no route fetches a URL given by a caller.)
 */
class ApiSecurityTop10Test extends GatewayIntegrationTest {

    @Autowired
    SigningKeys signingKeys;

    private String draftOf(User business, String title) {
        return postJson(business, "/api/bounties", bountyJson(title, 100, "USD")).body().get("id").asText();
    }

    @Nested
    class Api1BrokenObjectLevelAuthorization {

        /** Two businesses and two agents; every bounty route with another party's draft id answers 404 and changes nothing. */
        @Test
        void noPartyReachesAnotherBusinessesDraftThroughAnyRoute() {
            User acme = business();
            User globex = business();
            User agentSmith = agent();
            User agentJones = agent();
            String acmeDraft = draftOf(acme, "Acme draft");
            String globexDraft = draftOf(globex, "Globex draft");
            long eventsBefore = storedEvents();

            for (User intruder : List.of(globex, agentSmith, agentJones)) {
                assertThat(get(intruder, "/api/bounties/" + acmeDraft).status()).isEqualTo(404);
                assertThat(get(intruder, "/api/bounties?limit=100").body().toString()).doesNotContain(acmeDraft);
            }
            for (User intruder : List.of(acme, agentSmith)) {
                assertThat(get(intruder, "/api/bounties/" + globexDraft).status()).isEqualTo(404);
            }
            assertThat(send(HttpMethod.PUT, "/api/bounties/" + acmeDraft, bountyJson("Hijacked", 1, "USD"), MediaType.APPLICATION_JSON, globex).status())
                    .isEqualTo(404);
            assertThat(send(HttpMethod.PUT, "/api/bounties/" + globexDraft, bountyJson("Hijacked", 1, "USD"), MediaType.APPLICATION_JSON, acme).status())
                    .isEqualTo(404);
            assertThat(storedEvents()).isEqualTo(eventsBefore);
            assertThat(get(acme, "/api/bounties/" + acmeDraft).status()).isEqualTo(200);
        }

        @Test
        void anAgentSeesOnlyItsOwnCredentials() {
            User smith = agent();
            User jones = agent();
            send(HttpMethod.PUT, "/api/agents/me/credentials/review", "{\"provider\":\"openai\",\"apiKey\":\"sk-smith-secret-1234\"}",
                    MediaType.APPLICATION_JSON, smith);

            assertThat(get(jones, "/api/agents/me/credentials").body().size()).isZero();
            assertThat(send(HttpMethod.DELETE, "/api/agents/me/credentials/review", null, null, jones).status()).isEqualTo(404);
            assertThat(get(smith, "/api/agents/me/credentials").body().size()).isEqualTo(1);
        }
    }

    @Nested
    class Api2BrokenAuthentication {

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

            assertThat(get(token(TestTokens.signed(claims -> claims.subject(subject), "at+jwt", activeKey())), "/api/me").status())
                    .isEqualTo(200);
        }

        @Test
        void forgedExpiredOrMisaddressedTokensAreRefused() {
            String subject = business().id();
            Consumer<JWTClaimsSet.Builder> valid = claims -> claims.subject(subject);
            OctetSequenceKey attackerKey = new OctetSequenceKey.Builder(randomSecret()).keyID(signingKeys.activeKeyId()).build();
            OctetSequenceKey unknownKeyId = new OctetSequenceKey.Builder(activeKey().toByteArray()).keyID("not-our-key").build();
            String genuine = TestTokens.signed(valid, "at+jwt", activeKey());

            assertRefused(TestTokens.signed(valid, "at+jwt", attackerKey), "signed with another key");
            assertRefused(TestTokens.signed(valid, "at+jwt", unknownKeyId), "unknown key id");
            assertRefused(genuine.substring(0, genuine.length() - 2) + (genuine.endsWith("AA") ? "BB" : "AA"), "tampered signature");
            assertRefused(TestTokens.signed(valid.andThen(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120)))), "at+jwt", activeKey()), "expired");
            assertRefused(TestTokens.signed(valid.andThen(c -> c.issuer("someone-else")), "at+jwt", activeKey()), "wrong issuer");
            assertRefused(TestTokens.signed(valid.andThen(c -> c.audience("another-api")), "at+jwt", activeKey()), "wrong audience");
            assertRefused(TestTokens.signed(valid.andThen(c -> c.claim("role", "superuser")), "at+jwt", activeKey()), "unknown role");
            assertRefused(TestTokens.signed(valid, "JWT", activeKey()), "not an access token");
            assertRefused(withHeader("{\"alg\":\"none\",\"typ\":\"at+jwt\"}", subject, ""), "alg none");
            assertRefused(withHeader("{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + signingKeys.activeKeyId() + "\"}", subject,
                    genuine.substring(genuine.lastIndexOf('.') + 1)), "HS/RS confusion");
            assertRefused("not.a.token", "garbage");
        }

        @Test
        void aReplayedRefreshTokenRevokesTheWholeLogin() {
            User agent = agent();
            String next = postJson(null, "/api/auth/refresh", "{\"refreshToken\":\"%s\"}".formatted(agent.refreshToken())).body()
                    .get("refreshToken").asText();

            assertThat(postJson(null, "/api/auth/refresh", "{\"refreshToken\":\"%s\"}".formatted(agent.refreshToken())).status()).isEqualTo(401);
            assertThat(postJson(null, "/api/auth/refresh", "{\"refreshToken\":\"%s\"}".formatted(next)).status()).isEqualTo(401);
        }

        private void assertRefused(String token, String why) {
            assertThat(get(token(token), "/api/me").status()).as(why).isEqualTo(401);
        }

        private String withHeader(String headerJson, String subject, String signature) {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String body = "{\"iss\":\"agent-bounty\",\"aud\":\"agent-bounty-api\",\"sub\":\"" + subject
                    + "\",\"role\":\"admin\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}";
            return base64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                    + base64.encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "." + signature;
        }
    }

    @Nested
    class Api3BrokenObjectPropertyLevelAuthorization {

        @Test
        void fieldsAClientMayNotSetAreRefusedNotApplied() {
            User acme = business();
            long before = storedEvents();
            for (String extra : List.of("\"businessId\":\"someone-else\"", "\"status\":\"OPEN\"", "\"id\":\"chosen-id\"")) {
                String body = bountyJson("Mass assignment", 100, "USD").replaceFirst("\\{", "{" + extra + ",");
                Reply reply = postJson(acme, "/api/bounties", body);
                assertThat(reply.status()).as(extra).isEqualTo(400);
            }
            Reply escalate = postJson(null, "/api/auth/register", """
                    {"email":"%s@example.com","password":"long enough password","displayName":"x","role":"agent","isAdmin":true}"""
                    .formatted(UUID.randomUUID()));
            assertThat(escalate.status()).isEqualTo(400);
            assertThat(storedEvents()).isEqualTo(before);
        }

        @Test
        void noAnswerEverContainsAPasswordHashOrAStoredSecret() {
            User agent = agent();
            send(HttpMethod.PUT, "/api/agents/me/credentials/review", "{\"provider\":\"openai\",\"apiKey\":\"sk-live-abcdef987654\"}",
                    MediaType.APPLICATION_JSON, agent);

            String everything = get(agent, "/api/me").body().toString() + get(agent, "/api/agents/me/credentials").body()
                    + get(admin(), "/api/admin/users").body();

            assertThat(everything).doesNotContain("sk-live-abcdef").doesNotContain("$2a$").doesNotContain("{bcrypt}").contains("…7654");
        }
    }

    @Nested
    class Api4UnrestrictedResourceConsumption {

        @Test
        void aBodyOverTheSizeLimitIsRefusedWith413() {
            String huge = bountyJson("x", 100, "USD").replace("Extract totals from invoices", "y".repeat(1_100_000));

            Reply reply = postJson(business(), "/api/bounties", huge);

            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.body().at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        }

        @Test
        void deeplyNestedJsonIsRefusedBeforeItIsParsedAnyFurther() {
            String nested = "{\"title\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}";

            Reply reply = postJson(business(), "/api/bounties", nested);

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body().at("/error/code").asText()).isEqualTo("VALIDATION_ERROR");
        }

        @Test
        void aPageIsNeverLargerThanOneHundred() {
            assertThat(get(business(), "/api/bounties?limit=1000000").body().get("data").size()).isLessThanOrEqualTo(100);
        }
    }

    @Nested
    class Api5BrokenFunctionLevelAuthorization {

        @Test
        void anAgentCannotDraftABounty() {
            Reply reply = postJson(agent(), "/api/bounties", bountyJson("Agent's attempt", 100, "USD"));

            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.body().at("/error/code").asText()).isEqualTo("FORBIDDEN");
        }

        @Test
        void onlyAdminsManageUsersAndOnlyAuditorsReadTheSecurityLog() {
            assertThat(get(business(), "/api/admin/users").status()).isEqualTo(403);
            assertThat(get(agent(), "/api/admin/users").status()).isEqualTo(403);
            assertThat(get(admin(), "/api/admin/users").status()).isEqualTo(200);
            assertThat(get(business(), "/api/audit/security-log").status()).isEqualTo(403);
        }

        @Test
        void aBusinessCannotStoreAgentCredentials() {
            Reply reply = send(HttpMethod.PUT, "/api/agents/me/credentials/x", "{\"provider\":\"openai\",\"apiKey\":\"sk-0123456789\"}",
                    MediaType.APPLICATION_JSON, business());

            assertThat(reply.status()).isEqualTo(403);
        }
    }

    @Nested
    class Api8SecurityMisconfiguration {

        @Test
        void everyAnswerCarriesTheSecurityHeaders() {
            HttpHeaders headers = get(null, "/api/health").headers();

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

        @Test
        void errorsNeverShowStackTracesOrInternals() {
            User acme = business();
            List<Reply> errors = List.of(
                    postJson(acme, "/api/bounties", "{\"title\":"),
                    postJson(acme, "/api/bounties", "[]"),
                    get(acme, "/api/bounties?cursor=%%%"),
                    get(acme, "/api/bounties?limit=abc"),
                    get(acme, "/api/nowhere"),
                    get(token("x.y.z"), "/api/me"));

            for (Reply error : errors) {
                String body = error.body().toString();
                assertThat(error.body().at("/error/code").asText()).isNotBlank();
                assertThat(body).doesNotContain("Exception").doesNotContain("at com.").doesNotContain("org.springframework")
                        .doesNotContain("SQL").doesNotContain("jackson");
            }
        }
    }

    @Nested
    class Api9ImproperInventoryManagement {

        @Test
        void actuatorEndpointsBeyondHealthReadyAndMetricsAreNotExposed() {
            for (String path : List.of("/api/env", "/api/beans", "/api/configprops", "/api/heapdump", "/api/loggers", "/actuator")) {
                assertThat(get(null, path).status()).as(path).isIn(401, 404);
                assertThat(get(admin(), path).status()).as(path).isEqualTo(404);
            }
        }
    }

    private OctetSequenceKey activeKey() {
        return TestTokens.activeKey(signingKeys);
    }

    private static User token(String token) {
        return new User(null, token, null);
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
