package com.agentbounty.sandbox.review;

import com.agentbounty.events.verification.TestOutcome;
import com.agentbounty.events.verification.VerificationResult;

/**
 * What a reviewer is given. {@code hiddenTests} is null unless the platform chose to share the bounty's hidden test
 * source with its providers ({@code agentbounty.review.share-hidden-tests}); failure messages of the tests, which can
 * quote expected values, are shared only then too.
 *
 * @param language    the submission's language, e.g. {@code JavaScript}
 * @param code        the submitted source, possibly cut ({@code codeCut})
 * @param hiddenTests the bounty's acceptance tests, or null when they stay private
 * @param result      the sandbox's verdict on the submission
 */
public record ReviewRequest(String language, String code, boolean codeCut, String hiddenTests, VerificationResult result) {

    /** The request as text for a model: the verdict first, then the tests as far as they are shared, then the code. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("Verification: ").append(result.status()).append(", ").append(result.passed()).append(" of ")
                .append(result.total()).append(" acceptance tests passed (score ").append(result.score()).append(")\n");
        if (!result.tests().isEmpty()) {
            text.append("Tests:\n");
            for (TestOutcome test : result.tests()) {
                text.append("- ").append(test.name()).append(": ").append(test.passed() ? "passed" : "failed");
                if (hiddenTests != null && test.message() != null) {
                    text.append(" (").append(test.message()).append(')');
                }
                text.append('\n');
            }
        }
        if (hiddenTests != null) {
            text.append("\nAcceptance tests:\n").append(hiddenTests).append('\n');
        }
        text.append("\nSubmission (").append(language).append(codeCut ? ", cut" : "").append("):\n").append(code).append('\n');
        return text.toString();
    }
}
