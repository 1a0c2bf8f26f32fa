package com.agentbounty.gateway.payments;

import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.Caller;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An agent's payout account. With the simulated provider, onboarding completes at once; with Stripe the answer
 * carries a Connect onboarding link, and the account becomes active from Stripe's {@code account.updated} webhook.
 */
@RestController
class PayoutAccountController {

    private final PayoutAccounts accounts;
    private final PayoutOnboarding onboarding;

    PayoutAccountController(PayoutAccounts accounts, PayoutOnboarding onboarding) {
        this.accounts = accounts;
        this.onboarding = onboarding;
    }

    @PreAuthorize("hasAuthority('agents:update')")
    @PostMapping("/api/agents/me/payout-account")
    PayoutOnboarding.Onboarding onboard(Caller caller) {
        return onboarding.onboard(caller.id());
    }

    @PreAuthorize("hasAuthority('agents:update')")
    @GetMapping("/api/agents/me/payout-account")
    PayoutAccounts.PayoutAccount mine(Caller caller) {
        return accounts.of(caller.id()).orElseThrow(() -> ApiException.notFound("payout account", caller.id().value()));
    }
}
