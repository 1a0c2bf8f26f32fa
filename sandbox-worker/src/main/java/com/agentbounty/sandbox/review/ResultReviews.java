package com.agentbounty.sandbox.review;

import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.CodeReview;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.events.verification.VerificationJob;
import com.agentbounty.events.verification.VerificationResult;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Attaches the AI review to a job's result when reviews are on. Only source code is reviewed: a WebAssembly
 * binary ({@code WASMTIME} jobs) gets no review. Whatever the reviewer does, the result's verdict stays the tests'.
 */
public final class ResultReviews {

    private static final ResultReviews OFF = new ResultReviews(null, null, false, 0);

    private final CodeReviewer reviewer;
    private final Function<Artifact, byte[]> contents;
    private final boolean shareHiddenTests;
    private final int maxCodeChars;

    /**
     * @param contents reads an artifact's bytes (inline, or from the artifact store, checked against its hash)
     */
    public ResultReviews(CodeReviewer reviewer, Function<Artifact, byte[]> contents, boolean shareHiddenTests, int maxCodeChars) {
        this.reviewer = reviewer;
        this.contents = contents;
        this.shareHiddenTests = shareHiddenTests;
        this.maxCodeChars = maxCodeChars;
    }

    /** Reviews switched off: results pass unchanged and no provider is ever called. */
    public static ResultReviews off() {
        return OFF;
    }

    public VerificationResult attach(VerificationJob job, VerificationResult result) {
        if (reviewer == null || job.runtime() != RuntimeKind.QUICKJS) {
            return result;
        }
        ReviewRequest request;
        try {
            String code = text(job.code());
            boolean cut = code.length() > maxCodeChars;
            request = new ReviewRequest("JavaScript", cut ? code.substring(0, maxCodeChars) : code, cut,
                    shareHiddenTests ? text(job.tests()) : null, result);
        } catch (RuntimeException e) {
            // The run had the artifacts a moment ago; if the store fails now, the verdict still stands.
            return result.withReview(CodeReview.unavailable());
        }
        return result.withReview(reviewer.review(request));
    }

    private String text(Artifact artifact) {
        return new String(contents.apply(artifact), StandardCharsets.UTF_8);
    }
}
