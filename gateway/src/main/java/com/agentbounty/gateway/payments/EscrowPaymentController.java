package com.agentbounty.gateway.payments;

import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.events.escrow.EscrowView;
import com.agentbounty.gateway.bounty.VisibleBounties;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.Caller;
import com.agentbounty.sagas.bounty.PaymentProvider;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * What the business's browser needs to pay for a bounty with Stripe: the PaymentIntent's client secret, which it
 * confirms with Stripe.js (docs/payments.md says why not Checkout). The bounty's business only.
 */
@RestController
class EscrowPaymentController {

    private final VisibleBounties visibleBounties;
    private final QueryGateway queries;
    private final PaymentProvider provider;

    EscrowPaymentController(VisibleBounties visibleBounties, QueryGateway queries, PaymentProvider provider) {
        this.visibleBounties = visibleBounties;
        this.queries = queries;
        this.provider = provider;
    }

    record ClientSecret(String provider, String clientSecret) {
    }

    @PreAuthorize("hasAuthority('bounties:read')")
    @GetMapping("/api/bounties/{id}/escrow/client-secret")
    ClientSecret clientSecret(Caller caller, @PathVariable String id) {
        BountyView bounty = visibleBounties.visibleTo(caller, id);
        if (!bounty.businessId().equals(caller.id())) {
            throw ApiException.notFound("escrow of bounty", id);
        }
        EscrowView escrow = queries.query(new EscrowView.EscrowOfBountyQuery(bounty.id()), ResponseTypes.optionalInstanceOf(EscrowView.class))
                .join().orElseThrow(() -> ApiException.notFound("escrow of bounty", id));
        if (!(provider instanceof StripePaymentProvider stripe)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND",
                    "Payments are simulated here: there is nothing for the business to confirm", Map.of("id", id));
        }
        return stripe.clientSecret(escrow.escrowId())
                .map(secret -> new ClientSecret("stripe", secret))
                .orElseThrow(() -> ApiException.notFound("payment of bounty", id));
    }
}
