package com.agentbounty.gateway.security;

import com.agentbounty.gateway.GatewayIntegrationTest;
import jakarta.annotation.security.PermitAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Fails the build when an endpoint of ours does not say who may call it. */
class EveryEndpointDeclaresItsPermissionTest extends GatewayIntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    @Qualifier("webSocketHandlerMapping")
    HandlerMapping webSocketMappings;

    @Test
    void everyControllerMethodStatesItsPermissionOrThatItIsPublic() {
        List<String> undeclared = mappings.getHandlerMethods().entrySet().stream()
                .filter(entry -> entry.getValue().getBeanType().getPackageName().startsWith("com.agentbounty"))
                .filter(entry -> !entry.getValue().hasMethodAnnotation(PreAuthorize.class)
                        && !entry.getValue().hasMethodAnnotation(PermitAll.class))
                .map(entry -> entry.getKey() + " -> " + entry.getValue())
                .toList();

        assertThat(mappings.getHandlerMethods()).isNotEmpty();
        assertThat(undeclared).as("endpoints without @PreAuthorize or @PermitAll").isEmpty();
    }

    @Test
    void everyWebSocketEndpointChecksAPermissionAtTheHandshake() {
        Map<String, ?> endpoints = ((SimpleUrlHandlerMapping) webSocketMappings).getUrlMap();
        List<String> undeclared = endpoints.entrySet().stream()
                .filter(entry -> ((WebSocketHttpRequestHandler) entry.getValue()).getHandshakeInterceptors().stream().noneMatch(HandshakePermission.class::isInstance))
                .map(Map.Entry::getKey)
                .toList();

        assertThat(endpoints).containsKey("/api/ws");
        assertThat(undeclared).as("WebSocket endpoints without a HandshakePermission").isEmpty();
    }
}
