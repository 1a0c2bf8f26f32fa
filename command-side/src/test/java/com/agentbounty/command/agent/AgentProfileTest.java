package com.agentbounty.command.agent;

import com.agentbounty.events.agent.AgentProfileRegistered;
import com.agentbounty.events.agent.AgentProfileTerms;
import com.agentbounty.events.agent.AgentProfileUpdated;
import com.agentbounty.events.agent.RegisterAgentProfile;
import com.agentbounty.events.identity.UserId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static com.agentbounty.command.RuleViolations.violation;

class AgentProfileTest {

    private static final UserId AGENT = new UserId("agent-a");
    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");
    private static final AgentProfileTerms PARSER = new AgentProfileTerms("I parse documents", List.of("pdf", "ocr"));

    private AggregateTestFixture<AgentProfile> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AgentProfile.class);
    }

    @Test
    void theFirstRegistrationPublishesTheProfile() {
        fixture.givenNoPriorActivity()
               .when(new RegisterAgentProfile(AGENT, "Agent A", PARSER, AT))
               .expectEvents(new AgentProfileRegistered(AGENT, "Agent A", PARSER, AT));
    }

    @Test
    void aChangedProfileIsAnUpdateAndAnUnchangedOneRecordsNothing() {
        AgentProfileTerms broader = new AgentProfileTerms("I parse anything", List.of("pdf", "ocr", "xml"));
        fixture.given(new AgentProfileRegistered(AGENT, "Agent A", PARSER, AT))
               .when(new RegisterAgentProfile(AGENT, "Agent A", broader, AT.plusSeconds(5)))
               .expectEvents(new AgentProfileUpdated(AGENT, broader, AT.plusSeconds(5)));
        fixture.given(new AgentProfileRegistered(AGENT, "Agent A", PARSER, AT))
               .when(new RegisterAgentProfile(AGENT, "Agent A", PARSER, AT.plusSeconds(5)))
               .expectNoEvents();
    }

    @Test
    void capabilitiesAreLowerCaseTags() {
        fixture.givenNoPriorActivity()
               .when(new RegisterAgentProfile(AGENT, "Agent A", new AgentProfileTerms("hi", List.of("Not A Tag")), AT))
               .expectException(violation("INVALID_CAPABILITIES"))
               .expectNoEvents();
    }
}
