package com.agentbounty.query;

import com.agentbounty.events.bounty.AcceptanceTests;
import com.agentbounty.events.bounty.BountyAwarded;
import com.agentbounty.events.bounty.BountyCancelled;
import com.agentbounty.events.bounty.BountyCompleted;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyExpired;
import com.agentbounty.events.bounty.BountyFundingRequested;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyOpened;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.escrow.EscrowCaptured;
import com.agentbounty.events.escrow.EscrowHeld;
import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.EscrowPaidOut;
import com.agentbounty.events.escrow.EscrowRefunded;
import com.agentbounty.events.escrow.EscrowRequested;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.escrow.RefundReason;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.FeeSplit;
import com.agentbounty.events.money.Money;
import com.agentbounty.events.submission.SubmissionId;
import com.agentbounty.events.verification.RuntimeKind;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.GenericMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A history of bounties told as events, each at its own time, for projection tests: {@code tellTo} hands every event
 * to a projection through Axon's annotation adapter (as a processor does, {@code @Timestamp} included), in order.
 */
public final class Story {

    private static final AcceptanceTests TESTS = new AcceptanceTests(RuntimeKind.QUICKJS, "test('t', () => {});");

    private final List<EventMessage<?>> events = new ArrayList<>();

    public Story at(Instant at, Object... payloads) {
        for (Object payload : payloads) {
            events.add(new GenericEventMessage<>(new GenericMessage<>(payload), () -> at));
        }
        return this;
    }

    public Story drafted(String bounty, UserId business, Money reward, Instant at, String... tags) {
        BountyTerms terms = new BountyTerms("Bounty " + bounty, "About " + bounty, reward, at.plus(Duration.ofDays(30)), List.of(tags), null);
        return at(at, new BountyDrafted(new BountyId(bounty), business, terms, TESTS, at));
    }

    /** Drafted, funded (held on the card) and opened, all at {@code at}. */
    public Story opened(String bounty, UserId business, Money reward, Instant at, String... tags) {
        BountyId id = new BountyId(bounty);
        EscrowId escrow = escrow(bounty);
        return drafted(bounty, business, reward, at, tags)
                .at(at, new BountyFundingRequested(id, business, escrow, reward, FundingStrategy.HOLD, Duration.ofDays(2), at),
                        new EscrowRequested(escrow, id, business, reward, FundingStrategy.HOLD),
                        new EscrowHeld(escrow, id, reward, "pi_" + bounty, null),
                        new BountyOpened(id, escrow, at.plus(Duration.ofDays(30)), Duration.ofDays(2), null, at));
    }

    /** Awarded to {@code agent} and captured with a 15 % fee at {@code at}. */
    public Story awarded(String bounty, UserId agent, Money reward, Instant at) {
        BountyId id = new BountyId(bounty);
        FeeSplit split = FeeSplit.of(reward, 1500);
        return at(at, new BountyAwarded(id, new SubmissionId("s-" + bounty), agent, escrow(bounty), reward),
                new EscrowCaptured(escrow(bounty), id, agent, reward, split.fee(), split.payout(), "ch_" + bounty));
    }

    /** The agent's share transferred and the bounty completed at {@code at}. */
    public Story paidOut(String bounty, UserId agent, Money reward, Instant at) {
        BountyId id = new BountyId(bounty);
        return at(at, new EscrowPaidOut(escrow(bounty), id, agent, FeeSplit.of(reward, 1500).payout(), "tr_" + bounty),
                new BountyCompleted(id, agent));
    }

    public Story expired(String bounty, Money reward, Instant at) {
        BountyId id = new BountyId(bounty);
        return at(at, new BountyExpired(id, escrow(bounty), at), new EscrowRefunded(escrow(bounty), id, reward, RefundReason.EXPIRED, "re_" + bounty));
    }

    public Story cancelled(String bounty, Money reward, Instant at) {
        BountyId id = new BountyId(bounty);
        return at(at, new BountyCancelled(id, escrow(bounty), at), new EscrowRefunded(escrow(bounty), id, reward, RefundReason.CANCELLED, "re_" + bounty));
    }

    public void tellTo(Object projection) {
        var adapter = new AnnotationEventHandlerAdapter(projection);
        for (EventMessage<?> event : events) {
            try {
                adapter.handle(event);
            } catch (Exception e) {
                throw new AssertionError("handling " + event.getPayloadType().getSimpleName() + " failed", e);
            }
        }
    }

    private static EscrowId escrow(String bounty) {
        return new EscrowId("escrow-" + bounty);
    }
}
