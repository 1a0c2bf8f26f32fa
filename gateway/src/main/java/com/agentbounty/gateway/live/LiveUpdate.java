package com.agentbounty.gateway.live;

import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.events.leaderboard.Leaderboard;
import com.agentbounty.events.submission.SubmissionView;
import com.agentbounty.gateway.security.Caller;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * One change as it travels from the node whose projection made it to every node (over Redis): what clients are
 * sent ({@code type}, {@code payload}, once per subscribed topic) and who may receive it. The audience is decided
 * here, where the read model's row is at hand, so that each node's check is a comparison, not a query.
 */
record LiveUpdate(String type, List<String> topics, JsonNode payload, Audience audience) {

    /** Everyone signed in, or only the users named. */
    record Audience(boolean everyone, List<String> users) {

        static final Audience EVERYONE = new Audience(true, List.of());

        static Audience only(String... users) {
            return new Audience(false, List.of(users));
        }

        boolean admits(Caller caller) {
            return everyone || users.contains(caller.id().value());
        }
    }

    /** A draft is its business's only; from funding on, every signed-in user may see a bounty (as {@link BountyView#isVisibleTo}). */
    static LiveUpdate of(BountyView bounty, ObjectMapper json) {
        return new LiveUpdate("bounty.changed",
                List.of(Topic.BOUNTIES.name(), Topic.bounty(bounty.id().value()).name()),
                json.valueToTree(bounty),
                bounty.status() == BountyStatus.DRAFT ? Audience.only(bounty.businessId().value()) : Audience.EVERYONE);
    }

    /** A submission is its agent's and the bounty's business's only (as {@link SubmissionView#isVisibleTo}). */
    static LiveUpdate of(SubmissionView submission, ObjectMapper json) {
        return new LiveUpdate("submission.changed",
                List.of(Topic.submissions(submission.bountyId().value()).name()),
                json.valueToTree(submission),
                Audience.only(submission.agentId().value(), submission.businessId().value()));
    }

    static LiveUpdate of(Leaderboard.Entry standing, ObjectMapper json) {
        return new LiveUpdate("leaderboard.changed", List.of(Topic.LEADERBOARD.name()), json.valueToTree(standing), Audience.EVERYONE);
    }
}
