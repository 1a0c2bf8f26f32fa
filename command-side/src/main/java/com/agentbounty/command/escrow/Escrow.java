package com.agentbounty.command.escrow;

import com.agentbounty.command.escrow.Ledger.Account;
import com.agentbounty.events.RuleViolation;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.escrow.*;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.FeeSplit;
import com.agentbounty.events.money.Money;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import static com.agentbounty.events.RuleViolation.Kind.CONFLICT;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The money of one bounty: REQUESTED → HELD → (CAPTURED → PAID_OUT) | REFUNDED, or FAILED. Its commands record what
 * the payment provider did; the same confirmation twice (a retried call, a duplicate webhook) changes nothing, and a
 * confirmation that contradicts the state (a capture after a refund) is refused. So money moves at most once.
 */
public class Escrow {

    @AggregateIdentifier
    private EscrowId id;
    private BountyId bountyId;
    private EscrowStatus status;
    private Money gross;
    private UserId agentId;
    private Money payout;
    private Ledger ledger;
    /** The provider's reference of the hold now standing (replaced when the hold is renewed). */
    private String holdReference;
    private boolean renewalFailed;

    @CommandHandler
    public Escrow(RequestEscrow command) {
        if (!command.gross().isPositive()) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "INVALID_AMOUNT", "An escrow holds a positive amount");
        }
        apply(new EscrowRequested(command.escrowId(), command.bountyId(), command.businessId(), command.gross(), command.strategy()));
    }

    @CommandHandler
    void handle(RecordEscrowHeld command) {
        if (status != EscrowStatus.REQUESTED) {
            return; // confirmed before (or already moved on): a duplicate changes nothing
        }
        apply(new EscrowHeld(id, bountyId, gross, command.providerReference(), command.authorisedUntil()));
    }

    @CommandHandler
    void handle(RecordHoldRenewed command) {
        // Once captured or refunded, the hold no longer matters; the same renewal twice is recorded once.
        if (status == EscrowStatus.HELD && !command.providerReference().equals(holdReference)) {
            apply(new EscrowHoldRenewed(id, bountyId, command.providerReference(), command.authorisedUntil()));
        }
    }

    @CommandHandler
    void handle(RecordHoldRenewalFailed command) {
        if (status == EscrowStatus.HELD && !renewalFailed) {
            apply(new EscrowHoldRenewalFailed(id, bountyId, command.reason()));
        }
    }

    @CommandHandler
    void handle(RecordEscrowFailed command) {
        if (status == EscrowStatus.REQUESTED) {
            apply(new EscrowFailed(id, bountyId, command.reason()));
        }
    }

    @CommandHandler
    void handle(RecordEscrowCaptured command) {
        if (status == EscrowStatus.CAPTURED || status == EscrowStatus.PAID_OUT) {
            if (!command.agentId().equals(agentId)) {
                throw new RuleViolation(CONFLICT, "ALREADY_CAPTURED", "This escrow was captured for another agent");
            }
            return;
        }
        requireHeld("capture");
        FeeSplit split = FeeSplit.of(gross, command.feeBasisPoints());
        apply(new EscrowCaptured(id, bountyId, command.agentId(), gross, split.fee(), split.payout(), command.providerReference()));
    }

    @CommandHandler
    void handle(RecordPayoutTransferred command) {
        if (status == EscrowStatus.PAID_OUT) {
            return;
        }
        if (status != EscrowStatus.CAPTURED) {
            throw new RuleViolation(CONFLICT, "ESCROW_NOT_CAPTURED", "Only a captured escrow is paid out; this one is " + status);
        }
        apply(new EscrowPaidOut(id, bountyId, agentId, payout, command.transferReference()));
    }

    @CommandHandler
    void handle(RecordEscrowRefunded command) {
        if (status == EscrowStatus.REFUNDED) {
            return;
        }
        requireHeld("refund");
        apply(new EscrowRefunded(id, bountyId, gross, command.reason(), command.providerReference()));
    }

    @EventSourcingHandler
    void on(EscrowRequested event) {
        id = event.escrowId();
        bountyId = event.bountyId();
        gross = event.gross();
        status = EscrowStatus.REQUESTED;
        ledger = new Ledger(gross.currency());
    }

    @EventSourcingHandler
    void on(EscrowHeld event) {
        status = EscrowStatus.HELD;
        holdReference = event.providerReference();
        ledger.move(Account.BUSINESS, Account.HELD, event.gross());
    }

    @EventSourcingHandler
    void on(EscrowHoldRenewed event) {
        holdReference = event.providerReference(); // the same money, under a new authorisation: no posting
    }

    @EventSourcingHandler
    void on(EscrowHoldRenewalFailed event) {
        renewalFailed = true;
    }

    @EventSourcingHandler
    void on(EscrowFailed event) {
        status = EscrowStatus.FAILED;
    }

    @EventSourcingHandler
    void on(EscrowCaptured event) {
        status = EscrowStatus.CAPTURED;
        agentId = event.agentId();
        payout = event.payout();
        ledger.move(Account.HELD, Account.FEE_REVENUE, event.fee());
        ledger.move(Account.HELD, Account.AGENT_PAYABLE, event.payout());
    }

    @EventSourcingHandler
    void on(EscrowPaidOut event) {
        status = EscrowStatus.PAID_OUT;
        ledger.move(Account.AGENT_PAYABLE, Account.AGENT_PAID, event.payout());
    }

    @EventSourcingHandler
    void on(EscrowRefunded event) {
        status = EscrowStatus.REFUNDED;
        ledger.move(Account.HELD, Account.REFUNDED, event.amount());
    }

    /** For tests: the ledger as the events built it. */
    Ledger ledger() {
        return ledger;
    }

    EscrowStatus status() {
        return status;
    }

    private void requireHeld(String action) {
        if (status == EscrowStatus.REFUNDED) {
            throw new RuleViolation(CONFLICT, "ALREADY_REFUNDED", "This escrow was refunded; it cannot " + action);
        }
        if (status == EscrowStatus.CAPTURED || status == EscrowStatus.PAID_OUT) {
            throw new RuleViolation(CONFLICT, "ALREADY_CAPTURED", "This escrow was captured; it cannot " + action);
        }
        if (status != EscrowStatus.HELD) {
            throw new RuleViolation(CONFLICT, "ESCROW_NOT_HELD", "This escrow holds no money yet; it is " + status);
        }
    }

    protected Escrow() {
        // required by Axon to rebuild the aggregate from its events
    }
}
