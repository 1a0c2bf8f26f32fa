package com.agentbounty.gateway.live;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.gateway.security.Caller;
import com.agentbounty.gateway.security.Role;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.DefaultMessage;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * A client that stops reading (its socket write blocks) is closed with 4500 once what waits for it would exceed the
 * send buffer limit, and is counted as dropped; the node's delivery to everyone else never waits for it.
 */
class SlowClientTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private LiveConnections connections(DataSize sendBufferLimit) {
        return new LiveConnections(json, new LiveUpdatesProperties("live", Duration.ofMinutes(1), sendBufferLimit, Duration.ofSeconds(1), 10),
                Clock.systemUTC(), meters, null); // never started here, so it needs no Redis
    }

    @Test
    void aClientWhoseQueueWouldOverflowIsClosedWith4500AndCountedAsDropped() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        WebSocketSession stuck = mock(WebSocketSession.class);
        when(stuck.getId()).thenReturn("stuck");
        doAnswer(invocation -> unblock.await(30, TimeUnit.SECONDS)).when(stuck).sendMessage(any());
        LiveConnections connections = connections(DataSize.ofKilobytes(4));
        LiveConnection slow = connections.open(stuck, new Caller(new UserId("someone"), Role.AGENT), null);
        slow.topics().add(Topic.LEADERBOARD);

        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            connections.onMessage(leaderboardChange(i), null);
        }
        long deliveringMillis = (System.nanoTime() - started) / 1_000_000;

        verify(stuck, timeout(5_000)).close(LiveConnection.TOO_SLOW);
        assertThat(meters.counter("agentbounty.live.clients.dropped", "reason", "slow").count()).isEqualTo(1);
        assertThat(deliveringMillis).as("delivery never waited for the stuck socket").isLessThan(5_000);
        unblock.countDown();
    }

    private DefaultMessage leaderboardChange(int wins) throws Exception {
        var update = new LiveUpdate("leaderboard.changed", List.of("leaderboard"),
                json.readTree("{\"agentId\":\"agent-" + wins + "\",\"wins\":" + wins + ",\"padding\":\"" + "x".repeat(200) + "\"}"),
                LiveUpdate.Audience.EVERYONE);
        return new DefaultMessage("live".getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(update));
    }

    @Test
    void messagesReachAClientInTheOrderTheyWereDelivered() throws Exception {
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.getId()).thenReturn("reader");
        List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        doAnswer(invocation -> written.add(((TextMessage) invocation.getArgument(0)).getPayload())).when(session).sendMessage(any());
        LiveConnections connections = connections(DataSize.ofMegabytes(1));
        connections.open(session, new Caller(new UserId("someone"), Role.AGENT), null).topics().add(Topic.LEADERBOARD);

        for (int i = 0; i < 20; i++) {
            connections.onMessage(leaderboardChange(i), null);
        }

        verify(session, timeout(5_000).times(20)).sendMessage(any());
        assertThat(written).extracting(payload -> json.readTree(payload).at("/payload/wins").asInt())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
    }
}
