package com.agentbounty.sandbox.review;

import com.agentbounty.events.verification.CodeReview;

/**
 * The AI review port: reads a submission and how it fared, answers a review, or {@link CodeReview#unavailable()} when
 * no reviewer answered. Never throws and never takes longer than its configured timeouts: the review is advisory,
 * the verdict is the tests'.
 */
@FunctionalInterface
public interface CodeReviewer {

    CodeReview review(ReviewRequest request);
}
