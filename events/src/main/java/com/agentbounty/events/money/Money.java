package com.agentbounty.events.money;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Currency;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An amount of money in integer minor units (cents for USD, yen for JPY) of an ISO-4217 currency.
 * Money is never a floating-point number anywhere in the system.
 */
public record Money(long amount, String currency) {

    /** Large enough for any bounty, small enough that {@code amount * 10_000} (fees in basis points) never overflows. */
    public static final long MAX_AMOUNT = 100_000_000_000_000L;

    /**
     * Read once: {@link Currency#getAvailableCurrencies()} copies its set of ~300 currencies on every call, and Money is
     * built for every event a projection reads and every row it maps (the profile of docs/benchmarks.md, "Projection
     * lag under command load").
     */
    private static final Set<String> KNOWN_CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!isKnownCurrency(currency)) {
            throw new IllegalArgumentException("unknown ISO-4217 currency: " + currency);
        }
        if (amount < 0 || amount > MAX_AMOUNT) {
            throw new IllegalArgumentException("amount out of range: " + amount);
        }
    }

    public static boolean isKnownCurrency(String code) {
        return code != null && KNOWN_CURRENCIES.contains(code);
    }

    @JsonIgnore
    public boolean isPositive() {
        return amount > 0;
    }
}
