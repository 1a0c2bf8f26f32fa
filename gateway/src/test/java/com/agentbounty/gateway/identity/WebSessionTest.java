package com.agentbounty.gateway.identity;

import com.agentbounty.gateway.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The web app's cookie session: what the cookie is like, what it allows, and CSRF on every unsafe request. */
class WebSessionTest extends GatewayIntegrationTest {

    @Autowired
    StringRedisTemplate redis;

    private record Session(String cookie, String csrfToken, List<String> setCookies) {
        HttpHeaders headers(boolean withCsrf) {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            headers.add(HttpHeaders.COOKIE, "AB_SESSION=" + cookie + (withCsrf ? "; XSRF-TOKEN=" + csrfToken : ""));
            if (withCsrf) {
                headers.add("X-XSRF-TOKEN", csrfToken);
            }
            return headers;
        }
    }

    private Session signIn(String role) {
        String email = role + "-" + UUID.randomUUID() + "@example.com";
        postJson(null, "/api/auth/register", """
                {"email":"%s","password":"correct horse battery","displayName":"Web user","role":"%s"}""".formatted(email, role));
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> response = http.exchange("/api/auth/session", HttpMethod.POST, new HttpEntity<>("""
                {"email":"%s","password":"correct horse battery"}""".formatted(email), headers), String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        List<String> setCookies = response.getHeaders().get(HttpHeaders.SET_COOKIE);
        String session = cookieValue(setCookies, "AB_SESSION");
        try {
            String csrf = json.readTree(response.getBody()).get("csrfToken").asText();
            return new Session(session, csrf, setCookies);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String cookieValue(List<String> setCookies, String name) {
        return setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).orElseThrow();
    }

    @Test
    void theSessionCookieIsHttpOnlySameSiteStrictAndSecure() {
        Session session = signIn("business");

        String cookie = session.setCookies().stream().filter(c -> c.startsWith("AB_SESSION=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Secure").contains("Path=/");
        assertThat(session.csrfToken()).isNotBlank();
    }

    @Test
    void theCookieAloneAuthenticatesReads() {
        Session session = signIn("agent");

        ResponseEntity<String> me = http.exchange("/api/me", HttpMethod.GET, new HttpEntity<>(session.headers(false)), String.class);

        assertThat(me.getStatusCode().value()).isEqualTo(200);
        assertThat(me.getBody()).contains("\"role\":\"agent\"");
    }

    @Test
    void anUnsafeRequestWithTheCookieNeedsTheCsrfToken() {
        Session session = signIn("business");
        String body = bountyJson("Drafted from the web app", 2_500, "USD");
        long before = storedEvents();

        ResponseEntity<String> forged = http.exchange("/api/bounties", HttpMethod.POST, new HttpEntity<>(body, session.headers(false)), String.class);
        assertThat(forged.getStatusCode().value()).isEqualTo(403);
        assertThat(storedEvents()).isEqualTo(before);

        ResponseEntity<String> genuine = http.exchange("/api/bounties", HttpMethod.POST, new HttpEntity<>(body, session.headers(true)), String.class);
        assertThat(genuine.getStatusCode().value()).isEqualTo(201);
    }

    @Test
    void afterSigningOutTheCookieIsWorthNothing() {
        Session session = signIn("agent");

        ResponseEntity<String> out = http.exchange("/api/auth/session", HttpMethod.DELETE, new HttpEntity<>(session.headers(true)), String.class);
        ResponseEntity<String> me = http.exchange("/api/me", HttpMethod.GET, new HttpEntity<>(session.headers(false)), String.class);

        assertThat(out.getStatusCode().value()).isEqualTo(204);
        assertThat(me.getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void sessionsAreStoredInRedisAsJsonNotJavaSerialisation() {
        Session session = signIn("business");
        String id = new String(Base64.getDecoder().decode(session.cookie()), StandardCharsets.UTF_8);

        Object stored = redis.opsForHash().get("agentbounty:session:sessions:" + id, "sessionAttr:SPRING_SECURITY_CONTEXT");

        assertThat(stored).isNotNull();
        assertThat(stored.toString()).startsWith("{").contains("UsernamePasswordAuthenticationToken");
    }
}
