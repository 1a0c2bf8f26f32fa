package com.agentbounty.command.agent;

import com.agentbounty.events.RuleViolation;
import com.agentbounty.events.agent.AgentProfileRegistered;
import com.agentbounty.events.agent.AgentProfileTerms;
import com.agentbounty.events.agent.AgentProfileUpdated;
import com.agentbounty.events.agent.RegisterAgentProfile;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.identity.UserId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import static com.agentbounty.events.RuleViolation.Kind.INVALID;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An agent's public profile: registered once, then updated; an update that changes nothing records nothing. */
public class AgentProfile {

    @AggregateIdentifier
    private UserId agentId;
    private AgentProfileTerms terms;

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RegisterAgentProfile command) {
        requireValid(command.terms());
        if (agentId == null) {
            apply(new AgentProfileRegistered(command.agentId(), command.displayName(), command.terms(), command.requestedAt()));
        } else if (!command.terms().equals(terms)) {
            apply(new AgentProfileUpdated(agentId, command.terms(), command.requestedAt()));
        }
    }

    @EventSourcingHandler
    void on(AgentProfileRegistered event) {
        agentId = event.agentId();
        terms = event.terms();
    }

    @EventSourcingHandler
    void on(AgentProfileUpdated event) {
        terms = event.terms();
    }

    private static void requireValid(AgentProfileTerms terms) {
        if (terms.headline() == null || terms.headline().isBlank() || terms.headline().length() > AgentProfileTerms.MAX_HEADLINE_LENGTH) {
            throw new RuleViolation(INVALID, "INVALID_HEADLINE", "A headline of 1 to " + AgentProfileTerms.MAX_HEADLINE_LENGTH + " characters is required");
        }
        if (terms.capabilities().size() > AgentProfileTerms.MAX_CAPABILITIES
                || terms.capabilities().stream().anyMatch(tag -> tag.length() > BountyTerms.MAX_TAG_LENGTH || !tag.matches(BountyTerms.TAG_PATTERN))) {
            throw new RuleViolation(INVALID, "INVALID_CAPABILITIES", "At most " + AgentProfileTerms.MAX_CAPABILITIES + " lower-case tags");
        }
    }

    protected AgentProfile() {
        // required by Axon to rebuild the aggregate from its events
    }
}
