package com.agentbounty.gateway.live;

import com.agentbounty.events.bounty.BountyQueries.BountyChangesQuery;
import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.events.leaderboard.Leaderboard;
import com.agentbounty.events.submission.SubmissionView;
import com.agentbounty.query.bounty.BountyListingProjection;
import com.agentbounty.query.leaderboard.LeaderboardProjection;
import com.agentbounty.query.submission.SubmissionProjection;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where live updates come from: the projections' changes on this node (Axon subscription queries on
 * {@link BountyChangesQuery}, {@link SubmissionView.SubmissionChangesQuery} and
 * {@link Leaderboard.LeaderboardChangesQuery}), published to the Redis channel that every node's
 * {@link LiveConnections} listens on. A projection runs on the node that holds its processor's token, so only that node
 * publishes a change, once, and every node hears it. Changes replayed by a projection rebuild are history, not news:
 * they are not published. Publishing happens on a thread of its own so that a slow or absent Redis never holds up a
 * projection; past {@value #QUEUE_LIMIT} waiting changes, new ones are dropped and counted (clients re-read with GET).
 */
@Component
class LiveFeed implements SmartLifecycle {

    static final int QUEUE_LIMIT = 10_000;

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private final QueryGateway queries;
    private final EventProcessingConfiguration processors;
    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final String channel;
    private final Counter unpublished;
    private final List<SubscriptionQueryResult<?, ?>> subscriptions = new ArrayList<>();
    private ThreadPoolExecutor publisher;

    LiveFeed(QueryGateway queries, EventProcessingConfiguration processors, StringRedisTemplate redis, ObjectMapper json,
             LiveUpdatesProperties properties, MeterRegistry meters) {
        this.queries = queries;
        this.processors = processors;
        this.redis = redis;
        this.json = json;
        this.channel = properties.channel();
        this.unpublished = Counter.builder("agentbounty.live.updates.unpublished")
                .description("Changes not published to other nodes (queue full or Redis unreachable)").register(meters);
    }

    @Override
    public void start() {
        publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE_LIMIT),
                task -> new Thread(task, "live-feed-publisher"), (task, executor) -> unpublished.increment());
        follow(new BountyChangesQuery(), BountyView.class, BountyListingProjection.PROCESSING_GROUP, view -> LiveUpdate.of(view, json));
        follow(new SubmissionView.SubmissionChangesQuery(), SubmissionView.class, SubmissionProjection.PROCESSING_GROUP,
                view -> LiveUpdate.of(view, json));
        follow(new Leaderboard.LeaderboardChangesQuery(), Leaderboard.Entry.class, LeaderboardProjection.PROCESSING_GROUP,
                standing -> LiveUpdate.of(standing, json));
    }

    private <U> void follow(Object changesQuery, Class<U> updateType, String processingGroup, Function<U, LiveUpdate> toUpdate) {
        // Subscription only: the initial answer is never asked for, so it needs no handler.
        SubscriptionQueryResult<Void, U> changes = queries.subscriptionQuery(changesQuery, ResponseTypes.instanceOf(Void.class),
                ResponseTypes.instanceOf(updateType));
        changes.updates()
                .filter(change -> !isReplaying(processingGroup))
                .subscribe(change -> publish(toUpdate.apply(change)),
                        error -> log.error("Live updates from {} stopped", processingGroup, error));
        subscriptions.add(changes);
    }

    private boolean isReplaying(String processingGroup) {
        return processors.eventProcessor(processingGroup, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::isReplaying).orElse(false);
    }

    private void publish(LiveUpdate update) {
        String message;
        try {
            message = json.writeValueAsString(update);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A live update that is not JSON: " + update.type(), e);
        }
        publisher.execute(() -> {
            try {
                redis.convertAndSend(channel, message);
            } catch (DataAccessException e) {
                unpublished.increment();
                log.warn("Redis unreachable: a {} was not published to the other nodes ({})", update.type(), e.getMessage());
            }
        });
    }

    @Override
    public void stop() {
        subscriptions.forEach(SubscriptionQueryResult::close);
        subscriptions.clear();
        publisher.shutdown();
    }

    @Override
    public boolean isRunning() {
        return publisher != null && !publisher.isShutdown();
    }
}
