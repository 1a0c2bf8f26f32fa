package com.agentbounty.gateway.verification;

import com.agentbounty.events.submission.RecordVerificationResult;
import com.agentbounty.events.submission.SubmissionId;
import com.agentbounty.events.verification.VerificationResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Records the sandbox's verdicts from {@code results-queue} on their submissions. A redelivered result is harmless:
 * the Submission keeps the first verdict for its job.
 */
@Component
class VerificationResultListener {

    private final CommandGateway commands;
    private final ObjectMapper json;

    VerificationResultListener(CommandGateway commands, ObjectMapper json) {
        this.commands = commands;
        this.json = json;
    }

    @KafkaListener(topics = "${agentbounty.kafka.results-topic}", groupId = "gateway-verification-results")
    void on(String message) throws Exception {
        VerificationResult result = json.readValue(message, VerificationResult.class);
        commands.sendAndWait(new RecordVerificationResult(new SubmissionId(result.submissionId()), result.jobId(),
                result.status(), result.passed(), result.total(), result.score()));
    }
}
