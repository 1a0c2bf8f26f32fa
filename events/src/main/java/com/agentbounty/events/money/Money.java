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

    /** Read once: {@link Currency#getAvailableCurrencies()} builds a new set of every currency at each call. */
    private static final Set<String> CURRENCY_CODES = Currency.getAvailableCurrencies().stream()
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
        return code != null && code.length() == 3 && code.equals(code.toUpperCase()) && CURRENCY_CODES.contains(code);
    }

    @JsonIgnore
    public boolean isPositive() {
        return amount > 0;
    }
}
