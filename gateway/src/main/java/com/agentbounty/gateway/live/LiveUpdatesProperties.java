package com.agentbounty.gateway.live;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Live updates over WebSocket ({@code /api/ws}, docs/architecture.md "Live updates").
 *
 * @param channel          the Redis pub/sub channel every node publishes its projections' changes to and listens on
 * @param heartbeat        how often the server pings each client; a client silent for three heartbeats is closed (4408)
 * @param sendBufferLimit  bytes waiting for one client at most; a client that falls further behind is closed (4500)
 * @param sendTimeLimit    longest a single write to one client may block before that client is closed
 * @param maxSubscriptions topics one connection may hold at once
 */
@ConfigurationProperties("agentbounty.live")
record LiveUpdatesProperties(String channel, Duration heartbeat, DataSize sendBufferLimit, Duration sendTimeLimit, int maxSubscriptions) {
}
