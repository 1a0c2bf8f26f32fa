package com.agentbounty.gateway.bounty;

import com.agentbounty.events.bounty.AcceptanceTests;
import com.agentbounty.events.bounty.AwardMode;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.bounty.CompetitionRules;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.money.Money;
import com.agentbounty.gateway.security.TextSanitizer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** The body of POST and PUT /api/bounties: the terms a business offers. */
public record BountyTermsRequest(
        @NotBlank @Size(max = BountyTerms.MAX_TITLE_LENGTH) String title,
        @NotNull @Size(max = BountyTerms.MAX_DESCRIPTION_LENGTH) String description,
        @NotNull @Valid RewardRequest reward,
        @NotNull @Future Instant deadline,
        @Size(max = BountyTerms.MAX_TAGS)
        List<@NotBlank @Size(max = BountyTerms.MAX_TAG_LENGTH)
             @Pattern(regexp = BountyTerms.TAG_PATTERN, message = "must be lower-case letters and digits joined by dashes") String> tags,
        @Valid RulesRequest rules,
        @NotNull @Valid AcceptanceTestsRequest acceptanceTests) {

    /** An amount in integer minor units (cents for USD) and its ISO-4217 currency. */
    public record RewardRequest(@NotNull @Positive @Max(Money.MAX_AMOUNT) Long amount,
                                @NotNull @IsoCurrency String currency) {
    }

    /** How agents compete; omitted fields take the defaults of {@link CompetitionRules#DEFAULT}. */
    public record RulesRequest(AwardMode awardMode,
                               @Min(1) @Max(CompetitionRules.MAX_CLAIMANTS) Integer maxClaimants,
                               @Min(1) @Max(CompetitionRules.MAX_SUBMISSIONS_PER_AGENT) Integer maxSubmissionsPerAgent,
                               Boolean autoApprove) {

        CompetitionRules toRules() {
            CompetitionRules defaults = CompetitionRules.DEFAULT;
            return new CompetitionRules(awardMode != null ? awardMode : defaults.awardMode(),
                    maxClaimants != null ? maxClaimants : defaults.maxClaimants(),
                    maxSubmissionsPerAgent != null ? maxSubmissionsPerAgent : defaults.maxSubmissionsPerAgent(),
                    autoApprove != null ? autoApprove : defaults.autoApprove());
        }
    }

    /** The hidden tests: shown to their business only, run by the sandbox against every submission. */
    public record AcceptanceTestsRequest(@NotNull RuntimeKind runtime,
                                         @NotBlank @Size(max = AcceptanceTests.MAX_SOURCE_LENGTH) String source) {

        AcceptanceTests toTests() {
            return new AcceptanceTests(runtime, source);
        }
    }

    /** The terms as stored: the title as plain text, the description as safe HTML (what a browser may render). */
    BountyTerms toTerms() {
        return new BountyTerms(TextSanitizer.plainText(title), TextSanitizer.richText(description),
                new Money(reward.amount(), reward.currency()), deadline, tags, rules == null ? null : rules.toRules());
    }
}
