package com.agentbounty.gateway.payments;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stand-in for the Stripe API on 127.0.0.1, answering the calls the adapter makes with Stripe-shaped JSON.
 * Like Stripe, it answers a repeated {@code Idempotency-Key} with its first answer without acting again. It records
 * every request (with its key) and can be told to misbehave once: answer slowly (after acting), fail with a 500
 * (without acting), or decline the card with a 402.
 */
final class StripeApiStub implements AutoCloseable {

    enum Fault { SLOW_AFTER_ACTING, SERVER_ERROR, CARD_DECLINED, AUTHENTICATION_REQUIRED }

    record Request(String method, String path, String query, String idempotencyKey, Map<String, String> form) {
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Answer> answersByKey = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> intents = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, Fault> faultsByKey = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Instant> captureBefore = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> accounts = new ConcurrentHashMap<>();
    private volatile Instant reauthorisedUntil = Instant.now().plus(Duration.ofDays(7));
    private final long slowMillis;

    StripeApiStub(long slowMillis) throws IOException {
        this.slowMillis = slowMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::serve);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request whose path starts with {@code pathPrefix} meets {@code fault}. */
    void failNext(String method, String pathPrefix, Fault fault) {
        faults.put(method + " " + pathPrefix, fault);
    }

    /** The next request carrying {@code idempotencyKey} meets {@code fault}, whatever else runs meanwhile. */
    void failNextWithKey(String idempotencyKey, Fault fault) {
        faultsByKey.put(idempotencyKey, fault);
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String method, String pathPrefix) {
        return requests().stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
    }

    /** Every object Stripe actually created or changed (one entry per action, not per request), such as "capture pi_1". */
    List<String> actions() {
        return List.copyOf(created);
    }

    /** What the business's browser does with the client secret: confirms the PaymentIntent with its card. */
    void confirmWithCard(String intentId) {
        confirmWithCard(intentId, Instant.now().plus(Duration.ofDays(7)));
    }

    /** Confirms with a card whose issuer lets a hold stand until {@code captureBefore} (some allow only 5 days). */
    void confirmWithCard(String intentId, Instant holdLapsesAt) {
        Map<String, Object> intent = intents.get(intentId);
        if ("canceled".equals(intent.get("status"))) {
            throw new IllegalStateException("Stripe.js: this PaymentIntent was canceled and cannot be confirmed");
        }
        boolean manual = "manual".equals(intent.get("capture_method"));
        intent.put("status", manual ? "requires_capture" : "succeeded");
        intent.put("latest_charge", "ch_" + intentId.substring(3));
        intent.put("payment_method", "pm_card_" + intentId.substring(3));
        intent.put(manual ? "amount_capturable" : "amount_received", intent.get("amount"));
        if (manual) {
            captureBefore.put(intentId, holdLapsesAt);
        }
    }

    /** What the card's issuer lets a re-authorisation stand until. */
    void reauthorisationsLastUntil(Instant until) {
        reauthorisedUntil = until;
    }

    /** The PaymentIntents made for {@code escrowId} ({@code metadata.escrow_id}), oldest first. */
    @SuppressWarnings("unchecked")
    List<String> intentsOf(String escrowId) {
        return intents.values().stream()
                .filter(intent -> escrowId.equals(((Map<String, String>) intent.get("metadata")).get("escrow_id")))
                .map(intent -> (String) intent.get("id"))
                .sorted(java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(3, id.length() - "Stub".length()))))
                .toList();
    }

    Map<String, Object> intent(String id) {
        return intents.get(id);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(new Request(method, path, query, key, form));
        Fault fault = key != null && faultsByKey.containsKey(key) ? faultsByKey.remove(key) : takeFault(method, path);
        Answer answer;
        if (fault == Fault.SERVER_ERROR) {
            answer = new Answer(500, error("api_error", null, null, "An unknown error occurred"));
        } else if (fault == Fault.CARD_DECLINED) {
            answer = new Answer(402, error("card_error", "card_declined", "insufficient_funds", "Your card has insufficient funds."));
        } else if (fault == Fault.AUTHENTICATION_REQUIRED) {
            answer = new Answer(402, error("card_error", "authentication_required", "authentication_required",
                    "Your card was declined. This transaction requires authentication."));
        } else if (key != null && answersByKey.containsKey(key)) {
            answer = answersByKey.get(key);
        } else {
            answer = act(method, path, query, form);
            if (key != null) {
                answersByKey.put(key, answer);
            }
        }
        if (fault == Fault.SLOW_AFTER_ACTING) {
            try {
                Thread.sleep(slowMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Request-Id", "req_stub_" + ids.incrementAndGet());
        try {
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGaveUp) {
            // The client timed out before the slow answer: as with Stripe, the action stands.
        } finally {
            exchange.close();
        }
    }

    private Fault takeFault(String method, String path) {
        for (Map.Entry<String, Fault> entry : faults.entrySet()) {
            if ((method + " " + path).startsWith(entry.getKey()) && faults.remove(entry.getKey(), entry.getValue())) {
                return entry.getValue();
            }
        }
        return null;
    }

    private Answer act(String method, String path, String query, Map<String, String> form) {
        String[] parts = path.split("/");
        if (method.equals("POST") && path.equals("/v1/customers")) {
            String id = "cus_" + ids.incrementAndGet() + "Stub";
            created.add("customer " + id);
            return new Answer(200, json(Map.of("id", id, "object", "customer", "livemode", false, "metadata", metadata(form))));
        }
        if (method.equals("POST") && path.equals("/v1/accounts")) {
            String id = "acct_" + ids.incrementAndGet() + "Stub" + UUID.randomUUID().toString().substring(0, 8); // unique across stubs
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("id", id);
            account.put("object", "account");
            account.put("type", form.get("type"));
            account.put("capabilities", Map.of("transfers", "inactive"));
            account.put("charges_enabled", false);
            account.put("payouts_enabled", false);
            account.put("details_submitted", false);
            account.put("metadata", metadata(form));
            accounts.put(id, account);
            created.add("account " + id + " " + form.get("type") + " transfers=" + form.get("capabilities[transfers][requested]"));
            return new Answer(200, json(account));
        }
        if (method.equals("POST") && path.equals("/v1/account_links")) {
            if (!accounts.containsKey(form.get("account"))) {
                return new Answer(400, error("invalid_request_error", "resource_missing", null, "No such account: '" + form.get("account") + "'"));
            }
            return new Answer(200, json(Map.of("object", "account_link", "created", Instant.now().getEpochSecond(),
                    "expires_at", Instant.now().plusSeconds(300).getEpochSecond(),
                    "url", "https://connect.stripe.com/setup/e/" + form.get("account") + "/" + ids.incrementAndGet())));
        }
        if (method.equals("POST") && path.equals("/v1/payment_intents")) {
            String id = "pi_" + ids.incrementAndGet() + "Stub";
            Map<String, Object> intent = new LinkedHashMap<>();
            intent.put("id", id);
            intent.put("object", "payment_intent");
            intent.put("amount", Long.parseLong(form.get("amount")));
            intent.put("amount_capturable", 0L);
            intent.put("amount_received", 0L);
            intent.put("capture_method", form.getOrDefault("capture_method", "automatic"));
            intent.put("client_secret", id + "_secret_stub");
            intent.put("currency", form.get("currency"));
            intent.put("description", form.get("description"));
            intent.put("latest_charge", null);
            intent.put("livemode", false);
            intent.put("metadata", metadata(form));
            intent.put("payment_method_types", List.of(form.getOrDefault("payment_method_types[0]", "card")));
            intent.put("status", "requires_payment_method");
            intent.put("transfer_group", form.get("transfer_group"));
            intent.put("customer", form.get("customer"));
            intent.put("setup_future_usage", form.get("setup_future_usage"));
            intent.put("payment_method", form.get("payment_method"));
            intents.put(id, intent);
            created.add("create " + id);
            if ("true".equals(form.get("confirm")) && "true".equals(form.get("off_session"))) {
                // An off-session confirmation with a saved card (a renewal): the card is authorised again at once.
                intent.put("status", "requires_capture");
                intent.put("latest_charge", "ch_" + id.substring(3));
                intent.put("amount_capturable", intent.get("amount"));
                captureBefore.put(id, reauthorisedUntil);
                created.add("authorise " + id + " " + intent.get("amount") + " off-session with " + form.get("payment_method"));
            }
            return new Answer(200, json(intent));
        }
        if (path.startsWith("/v1/payment_intents/") && parts.length >= 4) {
            Map<String, Object> intent = intents.get(parts[3]);
            if (intent == null) {
                return new Answer(404, error("invalid_request_error", "resource_missing", null, "No such payment_intent: '" + parts[3] + "'"));
            }
            if (method.equals("GET") && parts.length == 4) {
                if (query.contains("latest_charge") && intent.get("latest_charge") != null) {
                    Map<String, Object> expanded = new LinkedHashMap<>(intent);
                    expanded.put("latest_charge", charge(intent));
                    return new Answer(200, json(expanded));
                }
                return new Answer(200, json(intent));
            }
            if (parts.length == 5 && parts[4].equals("capture")) {
                if (!"requires_capture".equals(intent.get("status"))) {
                    return unexpectedState(intent);
                }
                long amount = form.containsKey("amount_to_capture") ? Long.parseLong(form.get("amount_to_capture")) : (long) intent.get("amount");
                intent.put("status", "succeeded");
                intent.put("amount_capturable", 0L);
                intent.put("amount_received", amount);
                created.add("capture " + intent.get("id") + " " + amount);
                return new Answer(200, json(intent));
            }
            if (parts.length == 5 && parts[4].equals("cancel")) {
                if ("succeeded".equals(intent.get("status")) || "canceled".equals(intent.get("status"))) {
                    return unexpectedState(intent);
                }
                intent.put("status", "canceled");
                intent.put("amount_capturable", 0L);
                created.add("cancel " + intent.get("id"));
                return new Answer(200, json(intent));
            }
        }
        if (method.equals("POST") && path.equals("/v1/refunds")) {
            Map<String, Object> intent = intents.get(form.get("payment_intent"));
            String id = "re_" + ids.incrementAndGet() + "Stub";
            Map<String, Object> refund = new LinkedHashMap<>();
            refund.put("id", id);
            refund.put("object", "refund");
            refund.put("amount", Long.parseLong(form.get("amount")));
            refund.put("charge", intent.get("latest_charge"));
            refund.put("currency", intent.get("currency"));
            refund.put("metadata", metadata(form));
            refund.put("payment_intent", intent.get("id"));
            refund.put("status", "succeeded");
            created.add("refund " + intent.get("id") + " " + form.get("amount"));
            return new Answer(200, json(refund));
        }
        if (method.equals("POST") && path.equals("/v1/transfers")) {
            String id = "tr_" + ids.incrementAndGet() + "Stub";
            Map<String, Object> transfer = new LinkedHashMap<>();
            transfer.put("id", id);
            transfer.put("object", "transfer");
            transfer.put("amount", Long.parseLong(form.get("amount")));
            transfer.put("currency", form.get("currency"));
            transfer.put("destination", form.get("destination"));
            transfer.put("livemode", false);
            transfer.put("metadata", metadata(form));
            transfer.put("source_transaction", form.get("source_transaction"));
            transfer.put("transfer_group", form.get("transfer_group"));
            created.add("transfer " + form.get("amount") + " to " + form.get("destination") + " from " + form.get("source_transaction"));
            return new Answer(200, json(transfer));
        }
        return new Answer(404, error("invalid_request_error", null, null, "Unrecognized request URL (" + method + ": " + path + ")"));
    }

    /** The charge of a confirmed PaymentIntent as Stripe shows it expanded, with its card's {@code capture_before}. */
    private Map<String, Object> charge(Map<String, Object> intent) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("brand", "visa");
        card.put("last4", "4242");
        Instant until = captureBefore.get((String) intent.get("id"));
        card.put("capture_before", until == null ? null : until.getEpochSecond());
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", intent.get("latest_charge"));
        charge.put("object", "charge");
        charge.put("amount", intent.get("amount"));
        charge.put("captured", !"requires_capture".equals(intent.get("status")));
        charge.put("payment_intent", intent.get("id"));
        charge.put("payment_method_details", Map.of("type", "card", "card", card));
        return charge;
    }

    private static Answer unexpectedState(Map<String, Object> intent) {
        return new Answer(400, error("invalid_request_error", "payment_intent_unexpected_state", null,
                "This PaymentIntent's status is " + intent.get("status") + "."));
    }

    private static Map<String, String> metadata(Map<String, String> form) {
        Map<String, String> metadata = new LinkedHashMap<>();
        form.forEach((name, value) -> {
            if (name.startsWith("metadata[")) {
                metadata.put(name.substring("metadata[".length(), name.length() - 1), value);
            }
        });
        return metadata;
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isBlank()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] nameValue = pair.split("=", 2);
            form.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                    nameValue.length == 2 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    private static String error(String type, String code, String declineCode, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        if (declineCode != null) {
            error.put("decline_code", declineCode);
        }
        error.put("message", message);
        return json(Map.of("error", error));
    }

    private static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
