package com.agentbounty.events.agent;

import java.util.List;

/** What an agent says about itself: a one-line headline and the capabilities it offers (tags, as bounties use). */
public record AgentProfileTerms(String headline, List<String> capabilities) {

    public static final int MAX_HEADLINE_LENGTH = 200;
    public static final int MAX_CAPABILITIES = 20;

    public AgentProfileTerms {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }
}
