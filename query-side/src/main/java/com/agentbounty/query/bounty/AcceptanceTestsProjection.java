package com.agentbounty.query.bounty;

import com.agentbounty.events.bounty.AcceptanceTests;
import com.agentbounty.events.bounty.BountyDraftRevised;
import com.agentbounty.events.bounty.BountyDrafted;
import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.bounty.BountyQueries.AcceptanceTestsQuery;
import com.agentbounty.events.verification.RuntimeKind;
import com.agentbounty.query.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Table {@code bounty_acceptance_tests}: the latest hidden tests of every bounty, for the sandbox dispatch. */
@Component
@ReadModel(tables = "bounty_acceptance_tests")
@ProcessingGroup(AcceptanceTestsProjection.PROCESSING_GROUP)
public class AcceptanceTestsProjection {

    public static final String PROCESSING_GROUP = "acceptance-tests";

    private final NamedParameterJdbcTemplate jdbc;

    public AcceptanceTestsProjection(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(BountyDrafted event) {
        store(event.bountyId(), event.acceptanceTests(), event.draftedAt());
    }

    @EventHandler
    void on(BountyDraftRevised event) {
        store(event.bountyId(), event.acceptanceTests(), event.revisedAt());
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().execute("TRUNCATE bounty_acceptance_tests");
    }

    @QueryHandler
    public Optional<AcceptanceTests> handle(AcceptanceTestsQuery query) {
        return jdbc.query("SELECT runtime, source FROM bounty_acceptance_tests WHERE bounty_id = :id",
                new MapSqlParameterSource("id", query.bountyId().value()),
                (rs, row) -> new AcceptanceTests(RuntimeKind.valueOf(rs.getString("runtime")), rs.getString("source")))
                .stream().findFirst();
    }

    /** Idempotent: replaying an older event never overwrites newer tests. */
    private void store(BountyId id, AcceptanceTests tests, Instant at) {
        jdbc.update("""
                INSERT INTO bounty_acceptance_tests (bounty_id, runtime, source, updated_at) VALUES (:id, :runtime, :source, :at)
                ON CONFLICT (bounty_id) DO UPDATE SET runtime = :runtime, source = :source, updated_at = :at
                WHERE bounty_acceptance_tests.updated_at <= :at""",
                new MapSqlParameterSource("id", id.value()).addValue("runtime", tests.runtime().name())
                        .addValue("source", tests.source()).addValue("at", Timestamp.from(at)));
    }
}
