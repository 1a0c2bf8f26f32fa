package com.agentbounty.sagas.bounty;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;

/**
 * What the money flow asks of a payment provider (Stripe, or the simulated one). Every call carries an idempotency
 * key derived from the escrow and the step, never random per attempt: the provider then does each step once, however
 * often it is asked. Securing the money is confirmed later (the customer may still have to act): the provider's
 * webhook records it on the Escrow. Capture, transfer and refund answer at once with the provider's reference.
 */
public interface PaymentProvider {

    /** Hold (card authorisation) or charge {@code amount} from the business. Confirmed asynchronously. */
    void secure(EscrowId escrow, UserId business, Money amount, FundingStrategy strategy, String idempotencyKey);

    /** Capture a hold (HOLD) or acknowledge the charged funds (CHARGE); returns the provider's reference. */
    String capture(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey);

    /** Pay the agent's share out; empty when the agent has no payout account yet (its payable then waits). */
    java.util.Optional<String> transfer(EscrowId escrow, UserId agent, Money payout, String idempotencyKey);

    /** Release the hold or refund the charge, in full; returns the provider's reference. */
    String refund(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey);
}
