package com.agentbounty.gateway.live;

import com.agentbounty.gateway.security.HandshakePermission;
import com.agentbounty.gateway.security.Permission;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code GET /api/ws}: the live-update WebSocket (docs/decisions/0012-live-updates-over-websocket.md). The handshake
 * passes the same security chain as every route: a bearer access token (the {@code Authorization} header, or, from
 * a browser, the subprotocol {@code bearer.<token>}) or the web app's session cookie; without one it answers 401.
 * Then {@link HandshakePermission} checks {@link #PERMISSION}; then the origin is checked (same origin, or one of
 * {@code agentbounty.security.cors.allowed-origins}), so another site cannot ride on the session cookie.
 */
@Configuration
@EnableWebSocket
@EnableConfigurationProperties(LiveUpdatesProperties.class)
class LiveUpdatesConfiguration implements WebSocketConfigurer {

    static final String PATH = "/api/ws";
    /** What the handshake needs; each topic then needs its own (see {@link TopicAccess}). */
    static final Permission PERMISSION = Permission.BOUNTIES_READ;
    /** A browser cannot set headers on a WebSocket handshake: it offers its access token as this subprotocol's suffix. */
    static final String BEARER_PROTOCOL_PREFIX = "bearer.";

    private final LiveUpdatesHandler handler;
    private final List<String> allowedOrigins;

    LiveUpdatesConfiguration(LiveUpdatesHandler handler, @Value("${agentbounty.security.cors.allowed-origins:}") List<String> allowedOrigins) {
        this.handler = handler;
        this.allowedOrigins = allowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, PATH)
                .addInterceptors(new HandshakePermission(PERMISSION))
                .setAllowedOrigins(allowedOrigins.toArray(String[]::new));
    }

    /**
     * Spring Security's resource server takes this bean as its token resolver: the {@code Authorization} header on
     * every route as before, and on the WebSocket handshake alone also the {@code bearer.<token>} subprotocol.
     * The token is never logged.
     */
    @Bean
    BearerTokenResolver bearerTokenResolver() {
        var headers = new DefaultBearerTokenResolver();
        return request -> {
            String token = headers.resolve(request);
            return token != null || !isHandshake(request) ? token : fromSubprotocols(request);
        };
    }

    private static boolean isHandshake(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && PATH.equals(request.getRequestURI());
    }

    private static String fromSubprotocols(HttpServletRequest request) {
        return Collections.list(request.getHeaders("Sec-WebSocket-Protocol")).stream()
                .flatMap(header -> Arrays.stream(header.split(",")))
                .map(String::trim)
                .filter(protocol -> protocol.startsWith(BEARER_PROTOCOL_PREFIX) && protocol.length() > BEARER_PROTOCOL_PREFIX.length())
                .map(protocol -> protocol.substring(BEARER_PROTOCOL_PREFIX.length()))
                .findFirst().orElse(null);
    }
}
