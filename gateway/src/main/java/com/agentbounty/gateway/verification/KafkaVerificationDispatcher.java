package com.agentbounty.gateway.verification;

import com.agentbounty.events.bounty.AcceptanceTests;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyQueries.AcceptanceTestsQuery;
import com.agentbounty.events.submission.SubmissionId;
import com.agentbounty.events.verification.Artifact;
import com.agentbounty.events.verification.SandboxLimits;
import com.agentbounty.events.verification.VerificationJob;
import com.agentbounty.sagas.bounty.VerificationDispatcher;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts verification jobs on Kafka's {@code execution-queue}, keyed by submission, with the bounty's hidden tests
 * inline. The send waits for the broker's acknowledgement: if Kafka is away the saga's step fails and is retried,
 * and since the job id is the idempotency key, a job sent twice is still run once.
 */
@Component
class KafkaVerificationDispatcher implements VerificationDispatcher {

    private final KafkaTemplate<String, String> kafka;
    private final QueryGateway queries;
    private final ObjectMapper json;
    private final String topic;

    KafkaVerificationDispatcher(KafkaTemplate<String, String> kafka, QueryGateway queries, ObjectMapper json,
                                @Value("${agentbounty.kafka.execution-topic}") String topic) {
        this.kafka = kafka;
        this.queries = queries;
        this.json = json;
        this.topic = topic;
    }

    @Override
    public void dispatch(String jobId, SubmissionId submission, BountyId bounty, Artifact.Stored code) {
        AcceptanceTests tests = queries.query(new AcceptanceTestsQuery(bounty), ResponseTypes.optionalInstanceOf(AcceptanceTests.class))
                .join()
                .orElseThrow(() -> new IllegalStateException("No acceptance tests known yet for bounty " + bounty));
        VerificationJob job = new VerificationJob(jobId, submission.value(), bounty, tests.runtime(), code,
                Artifact.text(tests.source()), SandboxLimits.DEFAULT);
        try {
            kafka.send(topic, submission.value(), json.writeValueAsString(job)).get(10, TimeUnit.SECONDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A verification job must serialise", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending verification job " + jobId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not accept verification job " + jobId, e);
        }
    }
}
