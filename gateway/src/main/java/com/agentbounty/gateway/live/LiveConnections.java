package com.agentbounty.gateway.live;

import com.agentbounty.gateway.security.Caller;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The clients connected to this node, and delivery to them: every node hears every change on the Redis channel
 * and hands it to exactly its own connections that subscribed to one of the change's topics and are in its audience.
 * It also pings every client each heartbeat and closes the ones that went silent or whose access token expired.
 */
@Component
class LiveConnections implements MessageListener, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveConnections.class);
    private static final int SILENT_HEARTBEATS = 3;

    private final Map<String, LiveConnection> connections = new ConcurrentHashMap<>();
    private final ObjectMapper json;
    private final LiveUpdatesProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter sent;
    /** Writes to clients; a thread is busy only while a client has queued messages, at most the send time limit per write. */
    private final ExecutorService senders = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "live-sender");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * Hands the channel's messages to {@link #onMessage}, one at a time and in the order Redis delivers them. Without
     * it the container starts a new thread for every message (one per projected change), and two changes of one
     * bounty could reach its clients in either order.
     */
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "live-dispatcher");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledExecutorService heartbeats;
    private final RedisConnectionFactory redis;
    private RedisMessageListenerContainer listener;

    LiveConnections(ObjectMapper json, LiveUpdatesProperties properties, Clock clock, MeterRegistry meters, RedisConnectionFactory redis) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.sent = Counter.builder("agentbounty.live.messages.sent").description("Messages queued to live-update clients").register(meters);
        Gauge.builder("agentbounty.live.connections", connections, Map::size).description("Live-update clients connected to this node")
                .register(meters);
    }

    LiveConnection open(WebSocketSession session, Caller caller, Instant expiresAt) {
        var connection = new LiveConnection(session, caller, expiresAt, senders, properties.sendBufferLimit().toBytes(), clock.instant());
        connections.put(connection.id(), connection);
        return connection;
    }

    void closed(String connectionId) {
        connections.remove(connectionId);
    }

    /** A change from any node (the Redis channel). */
    @Override
    public void onMessage(Message message, byte[] pattern) {
        LiveUpdate update;
        try {
            update = json.readValue(message.getBody(), LiveUpdate.class);
        } catch (IOException e) {
            log.warn("A message on the live-update channel that is not a live update: {}", e.getMessage());
            return;
        }
        for (String topicName : update.topics()) {
            Topic topic = Topic.parse(topicName).orElse(null);
            TextMessage rendered = null;
            for (LiveConnection connection : connections.values()) {
                if (topic != null && connection.topics().contains(topic) && update.audience().admits(connection.caller())) {
                    if (rendered == null) {
                        rendered = render(new LiveMessage(update.type(), topicName, update.payload(), null));
                    }
                    send(connection, rendered);
                }
            }
        }
    }

    /** An answer to what the client sent (subscribed, unsubscribed, pong, error). */
    void reply(LiveConnection connection, LiveMessage message) {
        send(connection, render(message));
    }

    private void send(LiveConnection connection, WebSocketMessage<?> message) {
        if (connection.offer(message)) {
            if (message instanceof TextMessage) {
                sent.increment();
            }
        } else {
            drop(connection, LiveConnection.TOO_SLOW, "slow");
        }
    }

    private void drop(LiveConnection connection, CloseStatus status, String reason) {
        meters.counter("agentbounty.live.clients.dropped", "reason", reason).increment();
        connection.close(status);
    }

    private TextMessage render(LiveMessage message) {
        try {
            return new TextMessage(json.writeValueAsString(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A live message that is not JSON", e);
        }
    }

    private void heartbeat() {
        try {
            listen();
            pingOrClose();
        } catch (RuntimeException e) {
            log.error("Live-update heartbeat failed; the next one tries again", e);
        }
    }

    private void pingOrClose() {
        Instant now = clock.instant();
        Instant silentSince = now.minus(properties.heartbeat().multipliedBy(SILENT_HEARTBEATS));
        for (LiveConnection connection : connections.values()) {
            if (connection.hasExpiredAt(now)) {
                drop(connection, LiveConnection.TOKEN_EXPIRED, "token-expired");
            } else if (connection.isSilentSince(silentSince)) {
                drop(connection, LiveConnection.SILENT, "silent");
            } else {
                send(connection, new PingMessage());
            }
        }
    }

    @Override
    public void start() {
        listen();
        heartbeats = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "live-heartbeat"));
        long period = properties.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Subscribes to the Redis channel. Redis down at start must not stop the application (clients of this node then
     * miss changes made on others): each heartbeat tries again with a new listener until one starts; once started,
     * the listener recovers from later outages by itself.
     */
    private synchronized void listen() {
        if (listener != null) {
            return;
        }
        var container = new RedisMessageListenerContainer();
        container.setConnectionFactory(redis);
        container.setTaskExecutor(dispatcher);
        container.addMessageListener(this, new ChannelTopic(properties.channel()));
        container.afterPropertiesSet();
        try {
            container.start();
            listener = container;
        } catch (RuntimeException e) {
            destroy(container);
            log.warn("Redis unreachable: changes made on other instances do not reach this one's clients until it answers ({})",
                    e.getMessage());
        }
    }

    private static void destroy(RedisMessageListenerContainer container) {
        try {
            container.destroy();
        } catch (Exception e) {
            log.debug("Listener already gone", e);
        }
    }

    @Override
    public void stop() {
        heartbeats.shutdownNow();
        synchronized (this) {
            if (listener != null) {
                destroy(listener);
                listener = null;
            }
        }
        connections.values().forEach(connection -> connection.close(CloseStatus.GOING_AWAY));
        senders.shutdown();
        dispatcher.shutdown();
    }

    @Override
    public boolean isRunning() {
        return heartbeats != null && !heartbeats.isShutdown();
    }
}
