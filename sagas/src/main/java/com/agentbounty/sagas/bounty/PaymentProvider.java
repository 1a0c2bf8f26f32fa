package com.agentbounty.sagas.bounty;

import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.money.Money;

import java.time.Instant;
import java.util.Optional;

/**
 * What the money flow asks of a payment provider (Stripe, or the simulated one). Every call carries an idempotency
 * key derived from the escrow and the step, never random per attempt: the provider then does each step once, however
 * often it is asked. Securing the money is confirmed later (the customer may still have to act): the provider's
 * webhook records it on the Escrow. Capture, transfer and refund answer at once with the provider's reference.
 */
public interface PaymentProvider {

    /** Hold (card authorisation) or charge {@code amount} from the business. Confirmed asynchronously. */
    void secure(EscrowId escrow, UserId business, Money amount, FundingStrategy strategy, String idempotencyKey);

    /**
     * After a refused payment: makes sure the escrow's payment can take no money any more (the business cannot
     * complete it later with another card), and gives back in full whatever a confirmation that raced the refusal took.
     */
    void release(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey);

    /**
     * A hold about to lapse: authorises {@code amount} again on the business's card without the business present,
     * then releases the old authorisation. Refused (a declined card, a bank asking for authentication) is an answer,
     * not an error; the old hold then still stands.
     */
    HoldRenewal reauthorise(EscrowId escrow, Money amount, String idempotencyKey);

    /** Capture a hold (HOLD) or acknowledge the charged funds (CHARGE); returns the provider's reference. */
    String capture(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey);

    /** Pay the agent's share out; empty when the agent has no payout account yet (its payable then waits). */
    Optional<String> transfer(EscrowId escrow, UserId agent, Money payout, String idempotencyKey);

    /** Release the hold or refund the charge, in full; returns the provider's reference. */
    String refund(EscrowId escrow, Money amount, FundingStrategy strategy, String idempotencyKey);

    /** The answer to {@link #reauthorise}: the new hold and when it lapses, or the provider's reason for refusing. */
    record HoldRenewal(String reference, Instant authorisedUntil, String refusal) {

        public static HoldRenewal renewed(String reference, Instant authorisedUntil) {
            return new HoldRenewal(reference, authorisedUntil, null);
        }

        public static HoldRenewal refused(String reason) {
            return new HoldRenewal(null, null, reason);
        }

        public boolean isRenewed() {
            return refusal == null;
        }
    }
}
