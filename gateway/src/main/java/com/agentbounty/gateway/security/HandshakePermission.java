package com.agentbounty.gateway.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import java.util.Map;

/**
 * A WebSocket endpoint's permission, as {@code @PreAuthorize("hasAuthority(...)")} is a controller's: the handshake
 * is answered 403 unless the authenticated caller holds it. {@code EveryEndpointDeclaresItsPermissionTest} checks
 * that every WebSocket endpoint has one.
 */
public final class HandshakePermission implements HandshakeInterceptor {

    private final Permission permission;

    public HandshakePermission(Permission permission) {
        this.permission = permission;
    }

    public Permission permission() {
        return permission;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        boolean permitted = authentication != null && authentication.isAuthenticated() && authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).anyMatch(permission.authority()::equals);
        if (!permitted) {
            response.setStatusCode(HttpStatus.FORBIDDEN);
        }
        return permitted;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {
        // Nothing to do once the connection is open.
    }
}
