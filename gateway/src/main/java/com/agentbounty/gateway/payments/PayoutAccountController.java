package com.agentbounty.gateway.payments;

import com.agentbounty.events.agent.AgentPayoutAccountActivated;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.Caller;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/**
 * An agent's payout account. With the simulated provider, onboarding completes at once; the Stripe adapter will
 * answer with a Connect onboarding link instead and activate the account from its webhook.
 */
@RestController
class PayoutAccountController {

    private final PayoutAccounts accounts;
    private final EventGateway events;
    private final Clock clock;

    PayoutAccountController(PayoutAccounts accounts, EventGateway events, Clock clock) {
        this.accounts = accounts;
        this.events = events;
        this.clock = clock;
    }

    @PreAuthorize("hasAuthority('agents:update')")
    @PostMapping("/api/agents/me/payout-account")
    PayoutAccounts.PayoutAccount onboard(Caller caller) {
        PayoutAccounts.PayoutAccount account = accounts.save(caller.id(), PayoutAccounts.Status.ACTIVE, "acct_sim_" + caller.id().value(), clock.instant());
        // Payouts that were waiting for this account leave now (the lifecycle sagas listen for this).
        events.publish(new AgentPayoutAccountActivated(caller.id(), account.updatedAt()));
        return account;
    }

    @PreAuthorize("hasAuthority('agents:update')")
    @GetMapping("/api/agents/me/payout-account")
    PayoutAccounts.PayoutAccount mine(Caller caller) {
        return accounts.of(caller.id()).orElseThrow(() -> ApiException.notFound("payout account", caller.id().value()));
    }
}
