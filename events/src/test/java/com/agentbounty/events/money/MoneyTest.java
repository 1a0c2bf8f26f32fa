package com.agentbounty.events.money;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void moneyIsIntegerMinorUnitsOfAKnownCurrency() {
        Money reward = new Money(50_000, "USD");

        assertThat(reward.amount()).isEqualTo(50_000);
        assertThat(reward.isPositive()).isTrue();
        assertThat(new Money(0, "JPY").isPositive()).isFalse();
    }

    @Test
    void anUnknownOrLowerCaseCurrencyIsRefused() {
        assertThatThrownBy(() -> new Money(1, "XYZ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(1, "usd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeAndOversizedAmountsAreRefused() {
        assertThatThrownBy(() -> new Money(-1, "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(Money.MAX_AMOUNT + 1, "EUR")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLargestAmountTimesTenThousandBasisPointsDoesNotOverflow() {
        assertThat(Math.multiplyExact(Money.MAX_AMOUNT, 10_000L)).isPositive();
    }
}
