package com.agentbounty.gateway.bounty;

import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.money.Money;
import com.agentbounty.gateway.security.TextSanitizer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
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
             @Pattern(regexp = BountyTerms.TAG_PATTERN, message = "must be lower-case letters and digits joined by dashes") String> tags) {

    /** An amount in integer minor units (cents for USD) and its ISO-4217 currency. */
    public record RewardRequest(@NotNull @Positive @Max(Money.MAX_AMOUNT) Long amount,
                                @NotNull @IsoCurrency String currency) {
    }

    /** The terms as stored: the title as plain text, the description as safe HTML (what a browser may render). */
    BountyTerms toTerms() {
        return new BountyTerms(TextSanitizer.plainText(title), TextSanitizer.richText(description),
                new Money(reward.amount(), reward.currency()), deadline, tags);
    }
}
