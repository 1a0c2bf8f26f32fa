package com.agentbounty.gateway.agent;

import com.agentbounty.events.agent.AgentEarnings;
import com.agentbounty.events.agent.AgentProfileTerms;
import com.agentbounty.events.agent.AgentProfileView;
import com.agentbounty.events.agent.AgentReputation;
import com.agentbounty.events.agent.RegisterAgentProfile;
import com.agentbounty.events.bounty.BountyTerms;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.flow.ReadYourWrites;
import com.agentbounty.gateway.security.Caller;
import com.agentbounty.gateway.security.TextSanitizer;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;

/** Agents publish their profile and see their earnings; anyone signed in may read a profile with its reputation. */
@RestController
class AgentController {

    private final ReadYourWrites readYourWrites;
    private final QueryGateway queries;
    private final Clock clock;

    AgentController(ReadYourWrites readYourWrites, QueryGateway queries, Clock clock) {
        this.readYourWrites = readYourWrites;
        this.queries = queries;
        this.clock = clock;
    }

    record ProfileRequest(@NotBlank @Size(max = AgentProfileTerms.MAX_HEADLINE_LENGTH) String headline,
                          @Size(max = AgentProfileTerms.MAX_CAPABILITIES)
                          List<@NotBlank @Size(max = BountyTerms.MAX_TAG_LENGTH) @Pattern(regexp = BountyTerms.TAG_PATTERN) String> capabilities,
                          @NotBlank @Size(max = 100) String displayName) {
    }

    @PreAuthorize("hasAuthority('agents:register')")
    @PutMapping(path = "/api/agents/me/profile", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> register(Caller caller, @Valid @RequestBody ProfileRequest request) {
        var terms = new AgentProfileTerms(TextSanitizer.plainText(request.headline()), request.capabilities());
        var command = new RegisterAgentProfile(caller.id(), TextSanitizer.plainText(request.displayName()), terms, clock.instant());
        return readYourWrites.send(command, new AgentProfileView.AgentProfileQuery(caller.id()), AgentProfileView.class,
                        view -> view.headline().equals(terms.headline()) && view.capabilities().equals(terms.capabilities()))
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.accepted().build());
    }

    /** The profile's fields, and its track record under {@code reputation}. */
    record PublicProfile(@JsonUnwrapped AgentProfileView profile, AgentReputation reputation) {
    }

    @PreAuthorize("hasAuthority('agents:view')")
    @GetMapping("/api/agents/{id}")
    PublicProfile profile(@PathVariable String id) {
        UserId agent = new UserId(id);
        AgentProfileView profile = queries.query(new AgentProfileView.AgentProfileQuery(agent), ResponseTypes.optionalInstanceOf(AgentProfileView.class))
                .join().orElseThrow(() -> ApiException.notFound("agent profile", id));
        return new PublicProfile(profile, queries.query(new AgentReputation.AgentReputationQuery(agent), AgentReputation.class).join());
    }

    @PreAuthorize("hasAuthority('agents:update')")
    @GetMapping("/api/agents/me/earnings")
    AgentEarnings earnings(Caller caller) {
        return queries.query(new AgentEarnings.AgentEarningsQuery(caller.id()), AgentEarnings.class).join();
    }
}
