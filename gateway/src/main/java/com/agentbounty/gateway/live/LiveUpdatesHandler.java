package com.agentbounty.gateway.live;

import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The server side of the live-update protocol (docs/architecture.md "Live updates"): a client sends
 * {@code {"type":"subscribe"|"unsubscribe","topic":"..."}} or {@code {"type":"ping"}} and is answered
 * {@code subscribed}, {@code unsubscribed}, {@code pong} or {@code error}; changes arrive as
 * {@code {"type":"bounty.changed","topic":"...","payload":{...}}}. The handshake was authenticated and its permission
 * checked before this handler sees the connection ({@link LiveUpdatesConfiguration}).
 */
@Component
class LiveUpdatesHandler extends TextWebSocketHandler implements SubProtocolCapable {

    /** The subprotocol the server answers with; a browser offers it beside its {@code bearer.<token>}. */
    static final String PROTOCOL = "agentbounty.v1";

    private static final String CONNECTION = LiveConnection.class.getName();
    private static final String TOMCAT_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final LiveConnections connections;
    private final TopicAccess access;
    private final ObjectMapper json;
    private final LiveUpdatesProperties properties;
    private final Clock clock;

    LiveUpdatesHandler(LiveConnections connections, TopicAccess access, ObjectMapper json, LiveUpdatesProperties properties, Clock clock) {
        this.connections = connections;
        this.access = access;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** What a client may send. */
    record ClientMessage(String type, String topic) {
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of(PROTOCOL);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws IOException {
        Authentication authentication = (Authentication) session.getPrincipal();
        Caller caller = Caller.of(authentication).orElse(null);
        if (caller == null) {
            session.close(CloseStatus.POLICY_VIOLATION);
            return;
        }
        Instant expiresAt = authentication instanceof JwtAuthenticationToken jwt ? jwt.getToken().getExpiresAt() : null;
        var tomcat = session instanceof NativeWebSocketSession transport ? transport.getNativeSession(jakarta.websocket.Session.class) : null;
        if (tomcat != null) {
            // A write to a client that stopped reading fails after this long instead of blocking a sender thread for good.
            tomcat.getUserProperties().put(TOMCAT_SEND_TIMEOUT, properties.sendTimeLimit().toMillis());
        }
        session.getAttributes().put(CONNECTION, connections.open(session, caller, expiresAt));
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        LiveConnection connection = (LiveConnection) session.getAttributes().get(CONNECTION);
        connection.heard(clock.instant());
        ClientMessage request;
        try {
            request = json.readValue(message.getPayload(), ClientMessage.class);
        } catch (IOException e) {
            error(connection, null, "BAD_MESSAGE", "Send JSON: {\"type\":\"subscribe\",\"topic\":\"...\"}");
            return;
        }
        String type = request.type() == null ? "" : request.type();
        switch (type) {
            case "subscribe":
                subscribe(connection, request.topic());
                break;
            case "unsubscribe":
                Topic.parse(request.topic()).ifPresent(connection.topics()::remove);
                connections.reply(connection, LiveMessage.of("unsubscribed", request.topic()));
                break;
            case "ping":
                connections.reply(connection, LiveMessage.of("pong", null));
                break;
            default:
                error(connection, request.topic(), "BAD_MESSAGE", "type is one of subscribe, unsubscribe, ping");
        }
    }

    private void subscribe(LiveConnection connection, String topicName) {
        Topic topic = Topic.parse(topicName).orElse(null);
        if (topic == null) {
            error(connection, topicName, "UNKNOWN_TOPIC", "Topics: bounties, bounties/{id}, bounties/{id}/submissions, leaderboard");
            return;
        }
        if (!connection.topics().contains(topic) && connection.topics().size() >= properties.maxSubscriptions()) {
            error(connection, topicName, "TOO_MANY_SUBSCRIPTIONS", "At most " + properties.maxSubscriptions() + " topics per connection");
            return;
        }
        try {
            access.check(connection.caller(), topic);
        } catch (ApiException refused) {
            error(connection, topicName, refused.code(), refused.getMessage());
            return;
        }
        connection.topics().add(topic);
        connections.reply(connection, LiveMessage.of("subscribed", topicName));
    }

    private void error(LiveConnection connection, String topic, String code, String message) {
        connections.reply(connection, LiveMessage.error(topic, code, message));
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        ((LiveConnection) session.getAttributes().get(CONNECTION)).heard(clock.instant());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        connections.closed(session.getId());
    }
}
