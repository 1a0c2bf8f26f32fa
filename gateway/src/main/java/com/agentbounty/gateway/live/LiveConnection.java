package com.agentbounty.gateway.live;

import com.agentbounty.gateway.security.Caller;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One client's socket: who it is, what it subscribed to, and its outbound queue. Messages are written in order by one
 * sender at a time on the shared sender pool, never on the thread that delivers them, so a slow client never holds
 * up the others; what waits for a client is bounded in bytes, and a client that falls further behind is closed.
 */
final class LiveConnection {

    /** The client did not read fast enough: its queued messages would exceed the send buffer limit. */
    static final CloseStatus TOO_SLOW = new CloseStatus(4500, "too slow: send buffer full");
    /** Nothing (not even a pong) heard from the client for three heartbeats. */
    static final CloseStatus SILENT = new CloseStatus(4408, "no pong");
    /** The access token the connection was opened with has expired: reconnect with a fresh one. */
    static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4401, "access token expired");

    private final WebSocketSession session;
    private final Caller caller;
    private final Instant expiresAt;
    private final Executor senders;
    private final long bufferLimit;
    private final Set<Topic> topics = ConcurrentHashMap.newKeySet();
    private final Deque<WebSocketMessage<?>> queued = new ArrayDeque<>();
    private long queuedBytes;
    private boolean sending;
    private volatile boolean closed;
    private volatile Instant lastHeard;

    /**
     * @param expiresAt when the access token the client connected with expires; null for a web-app session
     */
    LiveConnection(WebSocketSession session, Caller caller, Instant expiresAt, Executor senders, long bufferLimit, Instant now) {
        this.session = session;
        this.caller = caller;
        this.expiresAt = expiresAt;
        this.senders = senders;
        this.bufferLimit = bufferLimit;
        this.lastHeard = now;
    }

    Caller caller() {
        return caller;
    }

    String id() {
        return session.getId();
    }

    Set<Topic> topics() {
        return topics;
    }

    boolean isSubscribedTo(String topicName) {
        return Topic.parse(topicName).map(topics::contains).orElse(false);
    }

    void heard(Instant at) {
        lastHeard = at;
    }

    boolean isSilentSince(Instant cutOff) {
        return lastHeard.isBefore(cutOff);
    }

    boolean hasExpiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /**
     * Queues a message (text or ping) for the client. False when the client is too slow (the message would take the queued bytes
     * over the limit): nothing is queued, and the caller closes the connection.
     */
    boolean offer(WebSocketMessage<?> message) {
        synchronized (queued) {
            if (closed) {
                return true;
            }
            if (queuedBytes + message.getPayloadLength() > bufferLimit) {
                return false;
            }
            queued.add(message);
            queuedBytes += message.getPayloadLength();
            if (sending) {
                return true;
            }
            sending = true;
        }
        senders.execute(this::sendQueued);
        return true;
    }

    private void sendQueued() {
        while (true) {
            WebSocketMessage<?> next;
            synchronized (queued) {
                next = queued.poll();
                if (next == null || closed) {
                    sending = false;
                    return;
                }
                queuedBytes -= next.getPayloadLength();
            }
            try {
                session.sendMessage(next);
            } catch (IOException | RuntimeException e) {
                // The socket broke or the write timed out: the transport closes the session and we hear of it.
                close(CloseStatus.SESSION_NOT_RELIABLE);
                return;
            }
        }
    }

    /** Closes on the sender pool: closing a socket whose write is blocked may itself wait until that write times out. */
    void close(CloseStatus status) {
        synchronized (queued) {
            if (closed) {
                return;
            }
            closed = true;
            queued.clear();
            queuedBytes = 0;
        }
        senders.execute(() -> {
            try {
                session.close(status);
            } catch (IOException | RuntimeException e) {
                // Already gone.
            }
        });
    }
}
