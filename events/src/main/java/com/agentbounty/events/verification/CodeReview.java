package com.agentbounty.events.verification;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Objects;

/**
 * An AI model's advisory review of a submission's code, attached to its {@link VerificationResult} when the
 * optional review is switched on (docs/sandbox.md). It never changes the verdict: the acceptance tests decide.
 * {@code REVIEWED} carries the reviewing provider and model, a score of 0–100, a short summary and concerns;
 * {@code UNAVAILABLE} says that no configured provider answered in time (or all circuits were open).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CodeReview(Outcome outcome, String provider, String model, Integer score, String summary,
                         List<String> concerns) {

    public static final int MAX_SUMMARY_LENGTH = 1_000;
    public static final int MAX_CONCERNS = 10;
    public static final int MAX_CONCERN_LENGTH = 300;

    public enum Outcome { REVIEWED, UNAVAILABLE }

    public CodeReview {
        Objects.requireNonNull(outcome, "outcome");
        concerns = concerns == null ? List.of() : concerns.stream().filter(Objects::nonNull)
                .limit(MAX_CONCERNS).map(concern -> cut(concern, MAX_CONCERN_LENGTH)).toList();
        summary = summary == null ? null : cut(summary, MAX_SUMMARY_LENGTH);
        if (outcome == Outcome.REVIEWED) {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(summary, "summary");
            if (score == null || score < 0 || score > 100) {
                throw new IllegalArgumentException("a review scores 0 to 100: " + score);
            }
        } else if (score != null) {
            throw new IllegalArgumentException("an unavailable review has no score");
        }
    }

    public static CodeReview reviewed(String provider, String model, int score, String summary, List<String> concerns) {
        return new CodeReview(Outcome.REVIEWED, provider, model, score, summary, concerns);
    }

    public static CodeReview unavailable() {
        return new CodeReview(Outcome.UNAVAILABLE, null, null, null, null, List.of());
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
