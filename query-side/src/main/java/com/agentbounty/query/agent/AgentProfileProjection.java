package com.agentbounty.query.agent;

import com.agentbounty.events.agent.AgentProfileRegistered;
import com.agentbounty.events.agent.AgentProfileUpdated;
import com.agentbounty.events.agent.AgentProfileView;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.query.cache.ReadCache;
import com.agentbounty.query.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Optional;

/**
 * Table {@code agent_profile}: each agent's public profile, with live updates per agent. Profiles are cached
 * ({@link ReadCache}, TTL {@code agentbounty.cache.agent-profiles}) and retired by each change; a new profile also
 * retires the cached leaderboard, which shows display names.
 */
@Component
@ReadModel(tables = "agent_profile")
@ProcessingGroup(AgentProfileProjection.PROCESSING_GROUP)
public class AgentProfileProjection {

    public static final String PROCESSING_GROUP = "agent-profile";

    private final NamedParameterJdbcTemplate jdbc;
    private final QueryUpdateEmitter updateEmitter;
    private final ReadCache cache;

    public AgentProfileProjection(NamedParameterJdbcTemplate jdbc, QueryUpdateEmitter updateEmitter, ReadCache cache) {
        this.jdbc = jdbc;
        this.updateEmitter = updateEmitter;
        this.cache = cache;
    }

    @EventHandler
    void on(AgentProfileRegistered event) {
        jdbc.update("""
                INSERT INTO agent_profile (agent_id, display_name, headline, capabilities, registered_at, updated_at)
                VALUES (:id, :name, :headline, :capabilities, :at, :at) ON CONFLICT DO NOTHING""",
                new MapSqlParameterSource("id", event.agentId().value()).addValue("name", event.displayName())
                        .addValue("headline", event.terms().headline())
                        .addValue("capabilities", event.terms().capabilities().toArray(String[]::new))
                        .addValue("at", Timestamp.from(event.registeredAt())));
        changed(event.agentId());
        cache.changed(ReadCache.Region.LEADERBOARD, null);
    }

    @EventHandler
    void on(AgentProfileUpdated event) {
        jdbc.update("UPDATE agent_profile SET headline = :headline, capabilities = :capabilities, updated_at = :at WHERE agent_id = :id",
                new MapSqlParameterSource("id", event.agentId().value()).addValue("headline", event.terms().headline())
                        .addValue("capabilities", event.terms().capabilities().toArray(String[]::new))
                        .addValue("at", Timestamp.from(event.updatedAt())));
        changed(event.agentId());
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().execute("TRUNCATE agent_profile");
        cache.changed(ReadCache.Region.AGENT_PROFILE, null);
    }

    @QueryHandler
    public Optional<AgentProfileView> handle(AgentProfileView.AgentProfileQuery query) {
        return Optional.ofNullable(cache.get(ReadCache.Region.AGENT_PROFILE, query.agentId().value(), "view", AgentProfileView.class,
                () -> fromDatabase(query.agentId()).orElse(null)));
    }

    private Optional<AgentProfileView> fromDatabase(UserId id) {
        return jdbc.query("SELECT * FROM agent_profile WHERE agent_id = :id", new MapSqlParameterSource("id", id.value()),
                (rs, row) -> new AgentProfileView(new UserId(rs.getString("agent_id")), rs.getString("display_name"),
                        rs.getString("headline"), Arrays.asList((String[]) rs.getArray("capabilities").getArray()),
                        rs.getTimestamp("registered_at").toInstant(), rs.getTimestamp("updated_at").toInstant()))
                .stream().findFirst();
    }

    private void changed(UserId id) {
        fromDatabase(id).ifPresent(view ->
                updateEmitter.emit(AgentProfileView.AgentProfileQuery.class, query -> query.agentId().equals(id), view));
        cache.changed(ReadCache.Region.AGENT_PROFILE, id.value());
    }
}
