package com.agentbounty.command.bounty;

import com.agentbounty.events.RuleViolation;
import com.agentbounty.events.bounty.BountyDraftRevised;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyStatus;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.DraftBounty;
import com.agentbounty.events.bounty.ReviseBountyDraft;
import com.agentbounty.events.identity.UserId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Instant;

import static com.agentbounty.events.RuleViolation.Kind.CONFLICT;
import static com.agentbounty.events.RuleViolation.Kind.FORBIDDEN;
import static com.agentbounty.events.RuleViolation.Kind.INVALID;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A business's offer to agents. Decides on commands and records each decision as an event. */
public class Bounty {

    @AggregateIdentifier
    private BountyId id;
    private UserId businessId;
    private BountyStatus status;

    @CommandHandler
    public Bounty(DraftBounty command) {
        requireValid(command.terms(), command.requestedAt());
        apply(new BountyDrafted(command.bountyId(), command.businessId(), command.terms(), command.requestedAt()));
    }

    @CommandHandler
    void handle(ReviseBountyDraft command) {
        if (!businessId.equals(command.requestedBy())) {
            throw new RuleViolation(FORBIDDEN, "NOT_BOUNTY_OWNER", "Only the business that drafted this bounty may revise it");
        }
        if (status != BountyStatus.DRAFT) {
            throw new RuleViolation(CONFLICT, "BOUNTY_NOT_DRAFT", "Only a draft bounty can be revised; this one is " + status);
        }
        requireValid(command.terms(), command.requestedAt());
        apply(new BountyDraftRevised(id, command.terms(), command.requestedAt()));
    }

    @EventSourcingHandler
    void on(BountyDrafted event) {
        id = event.bountyId();
        businessId = event.businessId();
        status = BountyStatus.DRAFT;
    }

    /** The invariants of terms; the API validates the same limits earlier to name the offending field. */
    private static void requireValid(BountyTerms terms, Instant now) {
        if (terms.title() == null || terms.title().isBlank() || terms.title().length() > BountyTerms.MAX_TITLE_LENGTH) {
            throw new RuleViolation(INVALID, "INVALID_TITLE", "A title of 1 to " + BountyTerms.MAX_TITLE_LENGTH + " characters is required");
        }
        if (terms.description() == null || terms.description().length() > BountyTerms.MAX_DESCRIPTION_LENGTH) {
            throw new RuleViolation(INVALID, "INVALID_DESCRIPTION", "A description of at most " + BountyTerms.MAX_DESCRIPTION_LENGTH + " characters is required");
        }
        if (terms.reward() == null || !terms.reward().isPositive()) {
            throw new RuleViolation(INVALID, "INVALID_REWARD", "The reward must be a positive amount");
        }
        if (terms.deadline() == null || !terms.deadline().isAfter(now)) {
            throw new RuleViolation(INVALID, "DEADLINE_NOT_IN_FUTURE", "The deadline must lie in the future");
        }
        if (terms.tags().size() > BountyTerms.MAX_TAGS
                || terms.tags().stream().anyMatch(tag -> tag.length() > BountyTerms.MAX_TAG_LENGTH || !tag.matches(BountyTerms.TAG_PATTERN))) {
            throw new RuleViolation(INVALID, "INVALID_TAGS", "At most " + BountyTerms.MAX_TAGS + " lower-case tags of up to " + BountyTerms.MAX_TAG_LENGTH + " characters");
        }
    }

    protected Bounty() {
        // required by Axon to rebuild the aggregate from its events
    }
}
