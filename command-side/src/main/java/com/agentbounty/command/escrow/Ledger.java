package com.agentbounty.command.escrow;

import com.agentbounty.events.money.Money;

import java.util.EnumMap;
import java.util.Map;

/**
 * The double-entry ledger of one escrow. Every posting moves an amount from one account to another, so the balances
 * always sum to zero: money is never created or lost, only moved. {@code BUSINESS} is where the money came from.
 */
final class Ledger {

    enum Account { BUSINESS, HELD, FEE_REVENUE, AGENT_PAYABLE, AGENT_PAID, REFUNDED }

    private final Map<Account, Long> balances = new EnumMap<>(Account.class);
    private final String currency;

    Ledger(String currency) {
        this.currency = currency;
        for (Account account : Account.values()) {
            balances.put(account, 0L);
        }
    }

    void move(Account from, Account to, Money amount) {
        if (!amount.currency().equals(currency)) {
            throw new IllegalArgumentException("ledger in " + currency + " cannot post " + amount.currency());
        }
        balances.merge(from, -amount.amount(), Math::addExact);
        balances.merge(to, amount.amount(), Math::addExact);
    }

    long balance(Account account) {
        return balances.get(account);
    }

    Money balanceAsMoney(Account account) {
        return new Money(balance(account), currency);
    }

    boolean balances() {
        return balances.values().stream().mapToLong(Long::longValue).sum() == 0;
    }
}
