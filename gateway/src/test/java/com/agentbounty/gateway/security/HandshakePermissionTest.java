package com.agentbounty.gateway.security;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A WebSocket handshake goes through only for a caller holding the endpoint's permission; otherwise 403. */
class HandshakePermissionTest {

    private final MockHttpServletResponse response = new MockHttpServletResponse();

    @AfterEach
    void forgetTheCaller() {
        SecurityContextHolder.clearContext();
    }

    private boolean handshakeAs(String... authorities) {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("someone", null, authorities));
        return new HandshakePermission(Permission.BOUNTIES_READ).beforeHandshake(new ServletServerHttpRequest(new MockHttpServletRequest()),
                new ServletServerHttpResponse(response), new TextWebSocketHandler(), new HashMap<>());
    }

    @Test
    void aCallerWithoutThePermissionIsRefusedWith403() {
        assertThat(handshakeAs("ROLE_AGENT", Permission.AGENTS_VIEW.authority())).isFalse();
        assertThat(response.getStatus()).isEqualTo(HttpStatus.FORBIDDEN.value());
    }

    @Test
    void aCallerWithThePermissionIsLetThrough() {
        assertThat(handshakeAs("ROLE_AGENT", Permission.BOUNTIES_READ.authority())).isTrue();
    }
}
