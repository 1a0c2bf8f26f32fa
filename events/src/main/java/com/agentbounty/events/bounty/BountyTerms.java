package com.agentbounty.events.bounty;

import com.agentbounty.events.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * What a business offers and how agents compete for it: the part of a bounty it writes and may revise while the
 * bounty is a draft.
 * The limits are shared by the API's input validation and the aggregate's invariants.
 */
public record BountyTerms(String title,
                          String description,
                          Money reward,
                          Instant deadline,
                          List<String> tags,
                          CompetitionRules rules) {

    public static final int MAX_TITLE_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 20_000;
    public static final int MAX_TAGS = 10;
    public static final int MAX_TAG_LENGTH = 32;
    /** Lower-case words joined by dashes, so tags filter and display the same everywhere. */
    public static final String TAG_PATTERN = "[a-z0-9]+(-[a-z0-9]+)*";

    public BountyTerms {
        tags = tags == null ? List.of() : List.copyOf(tags);
        rules = rules == null ? CompetitionRules.DEFAULT : rules;
    }
}
