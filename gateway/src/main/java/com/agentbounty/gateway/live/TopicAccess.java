package com.agentbounty.gateway.live;

import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.gateway.bounty.VisibleBounties;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.Caller;
import com.agentbounty.gateway.security.Permission;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may subscribe to what: the same permissions and object-level rules as the REST routes that read the same data.
 * What a subscription then delivers is narrowed once more per message by the change's audience ({@link LiveUpdate}),
 * because a bounty can become visible later and an agent sees only its own submissions.
 */
@Component
class TopicAccess {

    private final VisibleBounties bounties;

    TopicAccess(VisibleBounties bounties) {
        this.bounties = bounties;
    }

    /** @throws ApiException when the caller may not subscribe: NOT_FOUND for someone else's draft, FORBIDDEN otherwise */
    void check(Caller caller, Topic topic) {
        switch (topic.kind()) {
            case BOUNTIES:
                require(caller, Permission.BOUNTIES_READ);
                break;
            case BOUNTY:
                require(caller, Permission.BOUNTIES_READ);
                bounties.visibleTo(caller, topic.bountyId());
                break;
            case SUBMISSIONS:
                // As GET /api/bounties/{id}/submissions: the bounty's business sees all, an agent its own; nobody else any.
                BountyView bounty = bounties.visibleTo(caller, topic.bountyId());
                if (!bounty.businessId().equals(caller.id()) && !caller.may(Permission.SUBMISSIONS_CREATE)) {
                    throw forbidden();
                }
                break;
            default:
                // As GET /api/leaderboard.
                require(caller, Permission.AGENTS_VIEW);
        }
    }

    private static void require(Caller caller, Permission permission) {
        if (!caller.may(permission)) {
            throw forbidden();
        }
    }

    private static ApiException forbidden() {
        return new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "You may not subscribe to this topic", null);
    }
}
