package com.agentbounty.gateway.live;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client can subscribe to: {@code bounties} (every bounty it may see), {@code bounties/{id}} (one bounty),
 * {@code bounties/{id}/submissions} (that bounty's submissions it may see) and {@code leaderboard}.
 */
record Topic(Kind kind, String bountyId) {

    enum Kind { BOUNTIES, BOUNTY, SUBMISSIONS, LEADERBOARD }

    static final Topic BOUNTIES = new Topic(Kind.BOUNTIES, null);
    static final Topic LEADERBOARD = new Topic(Kind.LEADERBOARD, null);

    private static final Pattern UNDER_A_BOUNTY = Pattern.compile("bounties/([A-Za-z0-9_-]{1,64})(/submissions)?");

    static Topic bounty(String id) {
        return new Topic(Kind.BOUNTY, id);
    }

    static Topic submissions(String bountyId) {
        return new Topic(Kind.SUBMISSIONS, bountyId);
    }

    static Optional<Topic> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (name.equals("bounties")) {
            return Optional.of(BOUNTIES);
        }
        if (name.equals("leaderboard")) {
            return Optional.of(LEADERBOARD);
        }
        Matcher matcher = UNDER_A_BOUNTY.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(matcher.group(2) == null ? bounty(matcher.group(1)) : submissions(matcher.group(1)));
    }

    String name() {
        switch (kind) {
            case BOUNTIES:
                return "bounties";
            case LEADERBOARD:
                return "leaderboard";
            case BOUNTY:
                return "bounties/" + bountyId;
            default:
                return "bounties/" + bountyId + "/submissions";
        }
    }
}
