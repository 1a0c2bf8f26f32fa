package com.agentbounty.gateway.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A real WebSocket client (the JDK's) of {@code /api/ws}, keeping every message it receives. */
final class LiveClient implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PATIENCE = Duration.ofSeconds(40);

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** As a browser does: the access token offered as the subprotocol {@code bearer.<token>}. */
    static LiveClient connect(int port, String accessToken) {
        return open(HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols(LiveUpdatesHandler.PROTOCOL, LiveUpdatesConfiguration.BEARER_PROTOCOL_PREFIX + accessToken), port);
    }

    /** As an API client does: {@code Authorization: Bearer <token>}. */
    static LiveClient connectWithHeader(int port, String accessToken) {
        return open(HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + accessToken), port);
    }

    static LiveClient open(WebSocket.Builder builder, int port) {
        LiveClient client = new LiveClient();
        client.socket = builder.connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + LiveUpdatesConfiguration.PATH), client).join();
        return client;
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    /** Subscribes and answers the server's reply: {@code subscribed} or {@code error}. */
    JsonNode subscribe(String topic) {
        send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}");
        return next(message -> topic.equals(message.path("topic").asText())
                && ("subscribed".equals(message.path("type").asText()) || "error".equals(message.path("type").asText())));
    }

    /** The first message (received before or from now on) that matches, waiting up to {@link #PATIENCE}. */
    JsonNode next(Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (seen) {
            for (JsonNode message : seen) {
                if (wanted.test(message)) {
                    seen.remove(message);
                    return message;
                }
            }
        }
        try {
            while (System.nanoTime() < deadline) {
                JsonNode message = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (message == null) {
                    continue;
                }
                if (wanted.test(message)) {
                    return message;
                }
                synchronized (seen) {
                    seen.add(message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("No such message within " + PATIENCE + "; got " + received());
    }

    /** Everything received and not yet taken by {@link #next}. */
    List<JsonNode> received() {
        synchronized (seen) {
            inbox.drainTo(seen);
            return List.copyOf(seen);
        }
    }

    static Predicate<JsonNode> update(String type, String topic) {
        return message -> type.equals(message.path("type").asText()) && topic.equals(message.path("topic").asText());
    }

    int awaitClose() {
        return closeCode.orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                inbox.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new AssertionError("Not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        socket.abort();
    }

    /** The HTTP status that refused the handshake {@code connecting} tried. */
    static int handshakeStatus(java.util.function.Supplier<LiveClient> connecting) {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(connecting::get);
        Throwable cause = refused;
        while (cause != null && !(cause instanceof WebSocketHandshakeException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("the handshake was refused: " + refused).isNotNull();
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }
}
