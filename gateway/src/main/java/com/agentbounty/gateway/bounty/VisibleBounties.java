package com.agentbounty.gateway.bounty;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyQueries.BountyDetailQuery;
import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.Caller;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/**
 * The object-level check for every route under a bounty: someone else's draft answers exactly like a bounty that
 * does not exist (404), so its existence is not disclosed.
 */
@Component
public class VisibleBounties {

    private final QueryGateway queries;

    public VisibleBounties(QueryGateway queries) {
        this.queries = queries;
    }

    public BountyView visibleTo(Caller caller, String id) {
        return queries.query(new BountyDetailQuery(new BountyId(id)), ResponseTypes.optionalInstanceOf(BountyView.class)).join()
                .filter(view -> view.isVisibleTo(caller.id()))
                .orElseThrow(() -> ApiException.notFound("bounty", id));
    }
}
