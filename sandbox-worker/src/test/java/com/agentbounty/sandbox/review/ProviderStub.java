package com.agentbounty.sandbox.review;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local OpenAI-compatible endpoint ({@code POST /v1/chat/completions}) on a free port, answering as told: a review,
 * raw text, an HTTP error, or only after a delay. It records what it was sent.
 */
public final class ProviderStub implements AutoCloseable {

    /** What was received: the request body and the Authorization header. */
    public record Call(String body, String authorization) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = completion("{\"score\": 80, \"summary\": \"Fine.\", \"concerns\": []}");
    private volatile long delayMs;

    public ProviderStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            calls.add(new Call(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                out.write(body);
            } catch (IOException clientGone) {
                // The worker gave up waiting (its timeout): nothing to answer.
            }
        });
        server.start();
    }

    /** A chat-completions answer whose first choice says {@code content}. */
    public static String completion(String content) {
        String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + escaped + "\"},\"finish_reason\":\"stop\"}]}";
    }

    public ProviderStub reviews(int score, String summary, String... concerns) {
        StringBuilder list = new StringBuilder();
        for (String concern : concerns) {
            list.append(list.isEmpty() ? "" : ",").append('"').append(concern).append('"');
        }
        return answers(200, completion("{\"score\": " + score + ", \"summary\": \"" + summary + "\", \"concerns\": [" + list + "]}"));
    }

    public ProviderStub answers(int status, String body) {
        this.status = status;
        this.answer = body;
        return this;
    }

    public ProviderStub slowBy(long delayMs) {
        this.delayMs = delayMs;
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
