package com.agentbounty.gateway.leaderboard;

import com.agentbounty.events.leaderboard.Leaderboard;
import com.agentbounty.events.leaderboard.Leaderboard.LeaderboardQuery;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Agents ranked by bounties won; served from Redis, or from PostgreSQL while Redis is down. */
@RestController
class LeaderboardController {

    static final int DEFAULT_LIMIT = 10;

    private final QueryGateway queries;

    LeaderboardController(QueryGateway queries) {
        this.queries = queries;
    }

    @PreAuthorize("hasAuthority('agents:view')")
    @GetMapping("/api/leaderboard")
    Leaderboard leaderboard(@RequestParam(defaultValue = "" + DEFAULT_LIMIT) @Min(1) @Max(Leaderboard.MAX_LIMIT) int limit) {
        return queries.query(new LeaderboardQuery(limit), Leaderboard.class).join();
    }
}
