package com.agentbounty.events.money;

/**
 * A gross amount divided between the platform's fee and the agent's payout. The one rounding rule of the system:
 * the fee is rounded down to the minor unit, so {@code fee + payout == gross} and any fraction goes to the agent.
 */
public record FeeSplit(Money gross, Money fee, Money payout) {

    public static final int BASIS_POINTS = 10_000;

    public static FeeSplit of(Money gross, int feeBasisPoints) {
        if (feeBasisPoints < 0 || feeBasisPoints > BASIS_POINTS) {
            throw new IllegalArgumentException("fee must be between 0 and 10000 basis points: " + feeBasisPoints);
        }
        long fee = Math.multiplyExact(gross.amount(), feeBasisPoints) / BASIS_POINTS;
        return new FeeSplit(gross, new Money(fee, gross.currency()), new Money(gross.amount() - fee, gross.currency()));
    }
}
