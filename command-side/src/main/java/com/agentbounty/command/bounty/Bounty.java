package com.agentbounty.command.bounty;

import com.agentbounty.events.RuleViolation;
import com.agentbounty.events.bounty.*;
import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.escrow.FundingStrategy;
import com.agentbounty.events.identity.UserId;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static com.agentbounty.events.RuleViolation.Kind.CONFLICT;
import static com.agentbounty.events.RuleViolation.Kind.FORBIDDEN;
import static com.agentbounty.events.RuleViolation.Kind.INVALID;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A business's offer to agents, from draft to completion: DRAFT → FUNDING → OPEN → AWARDED → COMPLETED, or EXPIRED /
 * CANCELLED. It guards who may compete (claims, caps, deadline) and that there is one winner at most. Money lives
 * in the Escrow aggregate; the BountyLifecycleSaga moves the two along together.
 */
public class Bounty {

    @AggregateIdentifier
    private BountyId id;
    private UserId businessId;
    private BountyStatus status;
    private BountyTerms terms;
    private EscrowId escrowId;
    private Duration reviewWindow;
    private UserId winner;
    private final Set<UserId> claimants = new HashSet<>();
    private final Map<UserId, Integer> submissionsByAgent = new HashMap<>();

    @CommandHandler
    public Bounty(DraftBounty command) {
        requireValid(command.terms(), command.acceptanceTests(), command.requestedAt());
        apply(new BountyDrafted(command.bountyId(), command.businessId(), command.terms(), command.acceptanceTests(), command.requestedAt()));
    }

    @CommandHandler
    void handle(ReviseBountyDraft command) {
        requireOwner(command.requestedBy(), "revise");
        requireStatus(BountyStatus.DRAFT, "BOUNTY_NOT_DRAFT", "Only a draft bounty can be revised");
        requireValid(command.terms(), command.acceptanceTests(), command.requestedAt());
        apply(new BountyDraftRevised(id, command.terms(), command.acceptanceTests(), command.requestedAt()));
    }

    @CommandHandler
    void handle(FundBounty command) {
        requireOwner(command.requestedBy(), "fund");
        requireStatus(BountyStatus.DRAFT, "BOUNTY_NOT_DRAFT", "Only a draft bounty can be funded");
        if (!terms.deadline().isAfter(command.requestedAt())) {
            throw new RuleViolation(INVALID, "DEADLINE_NOT_IN_FUTURE", "The deadline has passed; revise it before funding");
        }
        // A card hold must outlive the competition and its review; otherwise charge now and hold on our balance.
        Instant holdNeededUntil = terms.deadline().plus(command.reviewWindow());
        FundingStrategy strategy = holdNeededUntil.isAfter(command.requestedAt().plus(command.holdWindow()))
                ? FundingStrategy.CHARGE : FundingStrategy.HOLD;
        apply(new BountyFundingRequested(id, businessId, command.escrowId(), terms.reward(), strategy, command.reviewWindow(), command.requestedAt()));
    }

    @CommandHandler
    void handle(FailBountyFunding command) {
        if (status == BountyStatus.FUNDING) {
            apply(new BountyFundingFailed(id, command.reason()));
        }
    }

    @CommandHandler
    void handle(OpenBounty command) {
        if (status == BountyStatus.OPEN) {
            return; // a repeated confirmation changes nothing
        }
        requireStatus(BountyStatus.FUNDING, "BOUNTY_NOT_FUNDING", "Only a bounty being funded can open");
        apply(new BountyOpened(id, escrowId, terms.deadline(), reviewWindow, terms.rules(), command.openedAt()));
    }

    @CommandHandler
    void handle(ClaimBounty command) {
        requireOpenBefore(command.requestedAt());
        if (claimants.contains(command.agentId())) {
            return; // already competing
        }
        if (claimants.size() >= terms.rules().maxClaimants()) {
            throw new RuleViolation(CONFLICT, "CLAIM_LIMIT_REACHED", "This bounty already has its " + terms.rules().maxClaimants() + " competitors");
        }
        apply(new BountyClaimed(id, command.agentId(), claimants.size() + 1, command.requestedAt()));
    }

    @CommandHandler
    void handle(WithdrawClaim command) {
        if (!claimants.contains(command.agentId())) {
            throw new RuleViolation(CONFLICT, "NOT_CLAIMED", "You have not claimed this bounty");
        }
        apply(new ClaimWithdrawn(id, command.agentId(), claimants.size() - 1));
    }

    @CommandHandler
    void handle(SubmitSolution command) {
        if (status == BountyStatus.OPEN && !command.requestedAt().isBefore(terms.deadline())) {
            throw new RuleViolation(CONFLICT, "SUBMISSION_AFTER_DEADLINE", "The deadline has passed");
        }
        requireOpenBefore(command.requestedAt());
        if (!claimants.contains(command.agentId())) {
            throw new RuleViolation(CONFLICT, "NOT_CLAIMED", "Claim the bounty before submitting");
        }
        int made = submissionsByAgent.getOrDefault(command.agentId(), 0);
        if (made >= terms.rules().maxSubmissionsPerAgent()) {
            throw new RuleViolation(CONFLICT, "SUBMISSION_LIMIT_REACHED", "You have made all " + made + " submissions allowed");
        }
        apply(new SolutionSubmitted(id, command.submissionId(), command.agentId(), businessId, command.code(), made + 1, command.requestedAt()));
    }

    @CommandHandler
    void handle(AwardBounty command) {
        if (status == BountyStatus.AWARDED || status == BountyStatus.COMPLETED) {
            throw new RuleViolation(CONFLICT, "ALREADY_AWARDED", "This bounty already has its winner");
        }
        requireStatus(BountyStatus.OPEN, "BOUNTY_NOT_OPEN", "Only an open bounty can be awarded");
        apply(new BountyAwarded(id, command.submissionId(), command.agentId(), escrowId, terms.reward()));
    }

    @CommandHandler
    void handle(CompleteBounty command) {
        if (status == BountyStatus.AWARDED) {
            apply(new BountyCompleted(id, winner));
        }
    }

    @CommandHandler
    void handle(ExpireBounty command) {
        if (status == BountyStatus.OPEN) {
            apply(new BountyExpired(id, escrowId, command.expiredAt()));
        }
    }

    @CommandHandler
    void handle(CancelBounty command) {
        requireOwner(command.requestedBy(), "cancel");
        if (status != BountyStatus.DRAFT && status != BountyStatus.OPEN) {
            throw new RuleViolation(CONFLICT, "BOUNTY_NOT_CANCELLABLE", "A bounty can be cancelled while it is a draft or open; this one is " + status);
        }
        if (!submissionsByAgent.isEmpty()) {
            throw new RuleViolation(CONFLICT, "HAS_SUBMISSIONS", "Agents have submitted work; the bounty runs to its deadline");
        }
        apply(new BountyCancelled(id, status == BountyStatus.OPEN ? escrowId : null, command.requestedAt()));
    }

    @EventSourcingHandler
    void on(BountyDrafted event) {
        id = event.bountyId();
        businessId = event.businessId();
        terms = event.terms();
        status = BountyStatus.DRAFT;
    }

    @EventSourcingHandler
    void on(BountyDraftRevised event) {
        terms = event.terms();
    }

    @EventSourcingHandler
    void on(BountyFundingRequested event) {
        status = BountyStatus.FUNDING;
        escrowId = event.escrowId();
        reviewWindow = event.reviewWindow();
    }

    @EventSourcingHandler
    void on(BountyFundingFailed event) {
        status = BountyStatus.DRAFT;
        escrowId = null;
    }

    @EventSourcingHandler
    void on(BountyOpened event) {
        status = BountyStatus.OPEN;
    }

    @EventSourcingHandler
    void on(BountyClaimed event) {
        claimants.add(event.agentId());
    }

    @EventSourcingHandler
    void on(ClaimWithdrawn event) {
        claimants.remove(event.agentId());
    }

    @EventSourcingHandler
    void on(SolutionSubmitted event) {
        submissionsByAgent.merge(event.agentId(), 1, Integer::sum);
    }

    @EventSourcingHandler
    void on(BountyAwarded event) {
        status = BountyStatus.AWARDED;
        winner = event.agentId();
    }

    @EventSourcingHandler
    void on(BountyCompleted event) {
        status = BountyStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(BountyExpired event) {
        status = BountyStatus.EXPIRED;
    }

    @EventSourcingHandler
    void on(BountyCancelled event) {
        status = BountyStatus.CANCELLED;
    }

    private void requireOwner(UserId caller, String action) {
        if (!businessId.equals(caller)) {
            throw new RuleViolation(FORBIDDEN, "NOT_BOUNTY_OWNER", "Only the business that drafted this bounty may " + action + " it");
        }
    }

    private void requireStatus(BountyStatus required, String code, String message) {
        if (status != required) {
            throw new RuleViolation(CONFLICT, code, message + "; this one is " + status);
        }
    }

    private void requireOpenBefore(Instant at) {
        requireStatus(BountyStatus.OPEN, "BOUNTY_NOT_OPEN", "This bounty is not open for competition");
        if (!at.isBefore(terms.deadline())) {
            throw new RuleViolation(CONFLICT, "DEADLINE_PASSED", "The deadline has passed");
        }
    }

    /** The invariants of terms and tests; the API validates the same limits earlier to name the offending field. */
    private static void requireValid(BountyTerms terms, AcceptanceTests tests, Instant now) {
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
        CompetitionRules rules = terms.rules();
        if (rules.awardMode() == null || rules.maxClaimants() < 1 || rules.maxClaimants() > CompetitionRules.MAX_CLAIMANTS
                || rules.maxSubmissionsPerAgent() < 1 || rules.maxSubmissionsPerAgent() > CompetitionRules.MAX_SUBMISSIONS_PER_AGENT) {
            throw new RuleViolation(INVALID, "INVALID_RULES", "An award mode, 1 to " + CompetitionRules.MAX_CLAIMANTS + " claimants and 1 to "
                    + CompetitionRules.MAX_SUBMISSIONS_PER_AGENT + " submissions per agent are required");
        }
        if (tests == null || tests.runtime() == null || tests.source() == null || tests.source().isBlank()
                || tests.source().length() > AcceptanceTests.MAX_SOURCE_LENGTH) {
            throw new RuleViolation(INVALID, "INVALID_ACCEPTANCE_TESTS", "Acceptance tests of at most " + AcceptanceTests.MAX_SOURCE_LENGTH
                    + " characters and their runtime are required");
        }
    }

    protected Bounty() {
        // required by Axon to rebuild the aggregate from its events
    }
}
