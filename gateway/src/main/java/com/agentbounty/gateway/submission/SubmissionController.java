package com.agentbounty.gateway.submission;

import com.agentbounty.events.bounty.BountyView;
import com.agentbounty.events.bounty.SubmitSolution;
import com.agentbounty.events.submission.ApproveSubmission;
import com.agentbounty.events.submission.RejectSubmission;
import com.agentbounty.events.submission.SubmissionId;
import com.agentbounty.events.submission.SubmissionStatus;
import com.agentbounty.events.submission.SubmissionView;
import com.agentbounty.events.verification.Artifact;
import com.agentbounty.gateway.bounty.VisibleBounties;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.flow.ReadYourWrites;
import com.agentbounty.gateway.security.Caller;
import com.agentbounty.infrastructure.storage.ObjectStorage;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Agents hand in code; the bounty's business reviews it. The code is stored by content hash before the bounty is
 * asked to accept it; the submission then moves on asynchronously (verification in the sandbox), visible with GET.
 * Object level: a submission is visible to its agent and to the bounty's business only.
 */
@RestController
class SubmissionController {

    static final int MAX_CODE_LENGTH = 512 * 1024;
    private static final Duration DOWNLOAD_URL_LIFETIME = Duration.ofMinutes(10);

    private final ObjectStorage storage;
    private final ReadYourWrites readYourWrites;
    private final QueryGateway queries;
    private final VisibleBounties bounties;
    private final Clock clock;

    SubmissionController(ObjectStorage storage, ReadYourWrites readYourWrites, QueryGateway queries, VisibleBounties bounties, Clock clock) {
        this.storage = storage;
        this.readYourWrites = readYourWrites;
        this.queries = queries;
        this.bounties = bounties;
        this.clock = clock;
    }

    record SubmitRequest(@NotBlank @Size(max = MAX_CODE_LENGTH) String code) {
    }

    record ReviewRequest(@Size(max = 500) String reason) {
    }

    record Accepted(SubmissionId id, SubmissionStatus status) {
    }

    record DownloadUrl(String url, long expiresInSeconds) {
    }

    @PreAuthorize("hasAuthority('submissions:create')")
    @PostMapping(path = "/api/bounties/{bountyId}/submissions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> submit(Caller caller, @PathVariable String bountyId, @Valid @RequestBody SubmitRequest request) {
        BountyView bounty = bounties.visibleTo(caller, bountyId);
        byte[] code = request.code().getBytes(StandardCharsets.UTF_8);
        String key = storage.putContentAddressed("submissions", code, "text/plain; charset=utf-8");
        Artifact.Stored stored = new Artifact.Stored(key, key.substring(key.lastIndexOf('/') + 1), code.length);
        SubmissionId id = SubmissionId.random();
        SubmitSolution command = new SubmitSolution(bounty.id(), id, caller.id(), stored, clock.instant().truncatedTo(ChronoUnit.MICROS));
        Object body = readYourWrites.send(command, new SubmissionView.SubmissionQuery(id), SubmissionView.class, any -> true)
                .<Object>map(view -> view).orElseGet(() -> new Accepted(id, SubmissionStatus.RECEIVED));
        return ResponseEntity.accepted().header("Location", "/api/submissions/" + id).body(body);
    }

    /** The business sees every submission to its bounty; an agent only its own. */
    @PreAuthorize("hasAnyAuthority('submissions:create', 'submissions:review')")
    @GetMapping("/api/bounties/{bountyId}/submissions")
    Map<String, List<SubmissionView>> list(Caller caller, @PathVariable String bountyId) {
        BountyView bounty = bounties.visibleTo(caller, bountyId);
        var query = new SubmissionView.SubmissionsOfBountyQuery(bounty.id(), bounty.businessId().equals(caller.id()) ? null : caller.id());
        return Map.of("data", queries.query(query, SubmissionView.SubmissionList.class).join().data());
    }

    @PreAuthorize("hasAnyAuthority('submissions:create', 'submissions:review')")
    @GetMapping("/api/submissions/{id}")
    SubmissionView get(Caller caller, @PathVariable String id) {
        return visible(caller, id);
    }

    /** A short-lived link to the submitted code, for its agent and the bounty's business. */
    @PreAuthorize("hasAnyAuthority('submissions:create', 'submissions:review')")
    @GetMapping("/api/submissions/{id}/artifact-url")
    DownloadUrl artifactUrl(Caller caller, @PathVariable String id) {
        SubmissionView submission = visible(caller, id);
        String key = "submissions/" + submission.codeSha256();
        return new DownloadUrl(storage.presignedGetUrl(key, DOWNLOAD_URL_LIFETIME).toString(), DOWNLOAD_URL_LIFETIME.toSeconds());
    }

    @PreAuthorize("hasAuthority('submissions:approve')")
    @PostMapping("/api/submissions/{id}/approve")
    ResponseEntity<?> approve(Caller caller, @PathVariable String id) {
        SubmissionView submission = visible(caller, id);
        return review(new ApproveSubmission(submission.id(), caller.id()), submission.id(), SubmissionStatus.APPROVED);
    }

    @PreAuthorize("hasAuthority('submissions:reject')")
    @PostMapping(path = "/api/submissions/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> reject(Caller caller, @PathVariable String id, @Valid @RequestBody ReviewRequest request) {
        SubmissionView submission = visible(caller, id);
        return review(new RejectSubmission(submission.id(), caller.id(), request.reason()), submission.id(), SubmissionStatus.REJECTED);
    }

    private ResponseEntity<?> review(Object command, SubmissionId id, SubmissionStatus expected) {
        return readYourWrites.send(command, new SubmissionView.SubmissionQuery(id), SubmissionView.class, view -> view.status() == expected)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.accepted().body(new Accepted(id, expected)));
    }

    private SubmissionView visible(Caller caller, String id) {
        return queries.query(new SubmissionView.SubmissionQuery(new SubmissionId(id)), ResponseTypes.optionalInstanceOf(SubmissionView.class))
                .join()
                .filter(view -> view.isVisibleTo(caller.id()))
                .orElseThrow(() -> ApiException.notFound("submission", id));
    }
}
