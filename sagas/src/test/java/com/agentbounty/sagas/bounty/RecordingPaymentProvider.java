package com.agentbounty.sagas.bounty;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The saga's view of a provider, for given-when-then tests of the saga alone: it records every call with its
 * idempotency key and answers with a reference derived from that key. The real adapters have their own tests.
 */
class RecordingPaymentProvider implements PaymentProvider {

    final List<String> calls = new ArrayList<>();
    boolean agentHasPayoutAccount = true;
    /** Whether the business's card accepts a new authorisation without the business present. */
    boolean cardCanBeReauthorised = true;
    /** How long each new authorisation lasts. */
    Duration holdLifetime = Duration.ofDays(7);
    Instant now = Instant.EPOCH;

    @Override
    public void secure(EscrowId escrow, UserId business, Money amount, FundingStrategy strategy, String idempotencyKey) {
        calls.add("secure " + amount.amount() + " " + strategy + " " + idempotencyKey);
    }

    @Override
    public void release(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey) {
        calls.add("release " + amount.amount() + " " + idempotencyKey);
    }

    @Override
    public HoldRenewal reauthorise(EscrowId escrow, Money amount, String idempotencyKey) {
        calls.add("reauthorise " + amount.amount() + " " + idempotencyKey);
        return cardCanBeReauthorised ? HoldRenewal.renewed("ref-" + idempotencyKey, now.plus(holdLifetime))
                : HoldRenewal.refused("authentication_required");
    }

    @Override
    public String capture(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey) {
        calls.add("capture " + amount.amount() + " " + idempotencyKey);
        return "ref-" + idempotencyKey;
    }

    @Override
    public Optional<String> transfer(EscrowId escrow, UserId agent, Money payout, String idempotencyKey) {
        calls.add("transfer " + payout.amount() + " to " + agent + " " + idempotencyKey);
        return agentHasPayoutAccount ? Optional.of("ref-" + idempotencyKey) : Optional.empty();
    }

    @Override
    public String refund(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey) {
        calls.add("refund " + amount.amount() + " " + idempotencyKey);
        return "ref-" + idempotencyKey;
    }
}
