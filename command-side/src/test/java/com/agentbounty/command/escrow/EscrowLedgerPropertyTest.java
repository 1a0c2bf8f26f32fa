package com.agentbounty.command.escrow;

import com.agentbounty.events.RuleViolation;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.escrow.*;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.FeeSplit;
import com.agentbounty.events.money.Money;
import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.EventMessage;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the provider confirms, in whatever order and however often: the ledger balances, fee + payout equals the
 * gross, and nothing is held, captured, paid out or refunded twice.
 */
class EscrowLedgerPropertyTest {

    private static final EscrowId ESCROW = new EscrowId("e-1");
    private static final UserId AGENT = new UserId("agent-a");

    @Property(tries = 300)
    void moneyMovesAtMostOnceAndTheLedgerAlwaysBalances(@ForAll @LongRange(min = 1, max = 100_000_000_000L) long gross,
                                                        @ForAll @IntRange(min = 0, max = 10_000) int feeBasisPoints,
                                                        @ForAll("confirmations") List<Object> confirmations) {
        var store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        var repository = EventSourcingRepository.builder(Escrow.class).eventStore(store).build();
        var bus = SimpleCommandBus.builder().build();
        AggregateAnnotationCommandHandler.<Escrow>builder().aggregateType(Escrow.class).repository(repository).build().subscribe(bus);
        var gateway = DefaultCommandGateway.builder().commandBus(bus).build();
        gateway.sendAndWait(new RequestEscrow(ESCROW, new BountyId("b-1"), new UserId("business"), new Money(gross, "USD"), FundingStrategy.HOLD));

        for (Object confirmation : confirmations) {
            Object command = withFee(confirmation, feeBasisPoints);
            try {
                gateway.sendAndWait(command);
            } catch (RuleViolation refused) {
                // a confirmation that contradicts the state is refused and changes nothing
            }
        }

        List<Object> events = store.readEvents(ESCROW.value()).asStream().<Object>map(EventMessage::getPayload).toList();
        assertThat(count(events, EscrowHeld.class)).isLessThanOrEqualTo(1);
        assertThat(count(events, EscrowCaptured.class) + count(events, EscrowRefunded.class)).isLessThanOrEqualTo(1);
        assertThat(count(events, EscrowPaidOut.class)).isLessThanOrEqualTo(count(events, EscrowCaptured.class));
        events.stream().filter(EscrowCaptured.class::isInstance).map(EscrowCaptured.class::cast).forEach(captured -> {
            assertThat(captured.fee().amount() + captured.payout().amount()).isEqualTo(gross);
            assertThat(captured).usingRecursiveComparison().comparingOnlyFields("fee", "payout")
                    .isEqualTo(FeeSplit.of(new Money(gross, "USD"), feeBasisPoints));
        });
        Ledger ledger = DefaultUnitOfWork.startAndGet(null)
                .executeWithResult(() -> repository.load(ESCROW.value()).invoke(Escrow::ledger)).getPayload();
        assertThat(ledger.balances()).isTrue();
        long out = ledger.balance(Ledger.Account.FEE_REVENUE) + ledger.balance(Ledger.Account.AGENT_PAYABLE)
                + ledger.balance(Ledger.Account.AGENT_PAID) + ledger.balance(Ledger.Account.REFUNDED) + ledger.balance(Ledger.Account.HELD);
        assertThat(out).isEqualTo(-ledger.balance(Ledger.Account.BUSINESS));
    }

    @Provide
    Arbitrary<List<Object>> confirmations() {
        return Arbitraries.<Object>of(
                new RecordEscrowHeld(ESCROW, "pi", null),
                new RecordHoldRenewed(ESCROW, "pi_renewed", java.time.Instant.parse("2026-12-06T10:00:00Z")),
                new RecordHoldRenewalFailed(ESCROW, "card_declined"),
                new RecordEscrowFailed(ESCROW, "card_declined"),
                new RecordEscrowCaptured(ESCROW, AGENT, -1, "ch"),
                new RecordEscrowCaptured(ESCROW, new UserId("agent-b"), -1, "ch"),
                new RecordPayoutTransferred(ESCROW, "tr"),
                new RecordEscrowRefunded(ESCROW, RefundReason.EXPIRED, "re"),
                new RecordEscrowRefunded(ESCROW, RefundReason.CANCELLED, "re")
        ).list().ofMaxSize(12);
    }

    /** The generated captures carry a placeholder fee; each try uses its own generated fee. */
    private static Object withFee(Object command, int feeBasisPoints) {
        return command instanceof RecordEscrowCaptured capture
                ? new RecordEscrowCaptured(capture.escrowId(), capture.agentId(), feeBasisPoints, capture.providerReference())
                : command;
    }

    private static long count(List<Object> events, Class<?> type) {
        return events.stream().filter(type::isInstance).count();
    }
}
