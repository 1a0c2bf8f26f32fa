package com.agentbounty.gateway.eventstore;

import com.agentbounty.command.bounty.Bounty;
import com.agentbounty.events.bounty.AcceptanceTests;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.ReviseBountyDraft;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.gateway.GatewayIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The event store on PostgreSQL: readable JSON, and no lost update when two nodes write one aggregate at once. */
class EventStoreTest extends GatewayIntegrationTest {

    @Autowired
    EventStore eventStore;

    @Autowired
    TransactionManager transactionManager;

    @Test
    void eventsAreStoredAsReadableJsonWithTheirType() throws Exception {
        User acme = business();
        String id = postJson(acme, "/api/bounties", bountyJson("Stored as JSON", 4_200, "CHF")).body().get("id").asText();

        Map<String, Object> row = jdbc.queryForMap(
                "SELECT payload_type, payload, meta_data, sequence_number FROM domain_event_entry WHERE aggregate_identifier = ?", id);

        assertThat(row.get("payload_type")).isEqualTo("com.agentbounty.events.bounty.BountyDrafted");
        assertThat(row.get("sequence_number")).isEqualTo(0L);
        JsonNode payload = json.readTree((String) row.get("payload"));
        assertThat(payload.get("bountyId").asText()).isEqualTo(id);
        assertThat(payload.get("businessId").asText()).isEqualTo(acme.id());
        assertThat(payload.at("/terms/title").asText()).isEqualTo("Stored as JSON");
        assertThat(payload.at("/terms/reward/amount").asLong()).isEqualTo(4_200);
        assertThat(payload.at("/terms/reward/currency").asText()).isEqualTo("CHF");
        assertThat(json.readTree((String) row.get("meta_data")).isObject()).isTrue();
        // PostgreSQL itself can read it: analysts and auditors query events with plain SQL.
        assertThat(jdbc.queryForObject("SELECT payload::jsonb -> 'terms' ->> 'title' FROM domain_event_entry WHERE aggregate_identifier = ?",
                String.class, id)).isEqualTo("Stored as JSON");
    }

    /**
     * Two application nodes each hold their own in-memory lock, so only the store's unique (aggregate, sequence)
     * key stands between them. Both load the bounty at the same version and both try to append the next event:
     * exactly one wins; the other gets a ConcurrencyException and its event is not stored.
     */
    @Test
    void twoNodesRevisingOneBountyAtOnceCannotBothAppendTheSameSequence() throws Exception {
        User acme = business();
        String id = postJson(acme, "/api/bounties", bountyJson("Contended", 1_000, "USD")).body().get("id").asText();
        CyclicBarrier bothLoaded = new CyclicBarrier(2);
        var nodeA = node(bothLoaded);
        var nodeB = node(bothLoaded);

        var first = CompletableFuture.runAsync(() -> nodeA.sendAndWait(revise(id, acme, "by node A")));
        var second = CompletableFuture.runAsync(() -> nodeB.sendAndWait(revise(id, acme, "by node B")));
        List<Throwable> failures = java.util.stream.Stream.of(first, second)
                .map(future -> future.handle((ok, error) -> error).join())
                .filter(java.util.Objects::nonNull)
                .map(error -> error.getCause() != null ? error.getCause() : error)
                .toList();

        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).isInstanceOf(ConcurrencyException.class);
        assertThat(jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                Long.class, id)).containsExactly(0L, 1L);
    }

    private static ReviseBountyDraft revise(String id, User business, String title) {
        return new ReviseBountyDraft(new BountyId(id), new UserId(business.id()),
                new BountyTerms(title, "d", new Money(2_000, "USD"), Instant.now().plus(Duration.ofDays(3)), List.of(), null),
                new AcceptanceTests(RuntimeKind.QUICKJS, "test('t', () => {});"),
                Instant.now());
    }

    /** A second application node: its own command bus and repository (and so its own lock) over the shared store. */
    private DefaultCommandGateway node(CyclicBarrier bothLoaded) {
        SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(transactionManager).build();
        bus.registerHandlerInterceptor(waitForTheOtherNodeBeforeCommit(bothLoaded));
        AggregateAnnotationCommandHandler.<Bounty>builder()
                .aggregateType(Bounty.class)
                .repository(EventSourcingRepository.builder(Bounty.class).eventStore(eventStore).build())
                .build()
                .subscribe(bus);
        return DefaultCommandGateway.builder().commandBus(bus).build();
    }

    /** Runs after the handler has loaded the aggregate and applied its event, just before the event is appended. */
    private static MessageHandlerInterceptor<CommandMessage<?>> waitForTheOtherNodeBeforeCommit(CyclicBarrier barrier) {
        return (unitOfWork, chain) -> {
            unitOfWork.onPrepareCommit(uow -> {
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the other node never got here", e);
                }
            });
            return chain.proceed();
        };
    }
}
