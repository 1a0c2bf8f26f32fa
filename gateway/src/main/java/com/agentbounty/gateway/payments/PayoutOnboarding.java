package com.agentbounty.gateway.payments;

import com.agentbounty.events.identity.UserId;

import java.time.Instant;

/**
 * How an agent gets a payout account: at once with the simulated provider; with Stripe, a Connect Express account
 * the agent completes on Stripe's hosted onboarding page ({@code onboardingUrl}), activated by the
 * {@code account.updated} webhook. Asking again is safe: the same account, a fresh link.
 */
public interface PayoutOnboarding {

    /** The agent's payout account and, while it still needs the agent, the one-time link to complete it. */
    record Onboarding(UserId agentId, PayoutAccounts.Status status, String accountReference, String onboardingUrl, Instant updatedAt) {

        static Onboarding of(PayoutAccounts.PayoutAccount account, String onboardingUrl) {
            return new Onboarding(account.agentId(), account.status(), account.accountReference(), onboardingUrl, account.updatedAt());
        }
    }

    Onboarding onboard(UserId agent);
}
