package com.agentbounty.gateway.dashboard;

import com.agentbounty.events.dashboard.BusinessDashboard;
import com.agentbounty.gateway.security.Caller;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A business's dashboard: always the caller's own (there is no route to another business's). It declares
 * {@code bounties:create}, the permission of those who post bounties (businesses; admins, whose dashboard is empty).
 */
@RestController
class BusinessDashboardController {

    private final QueryGateway queries;

    BusinessDashboardController(QueryGateway queries) {
        this.queries = queries;
    }

    @PreAuthorize("hasAuthority('bounties:create')")
    @GetMapping("/api/businesses/me/dashboard")
    BusinessDashboard dashboard(Caller caller) {
        return queries.query(new BusinessDashboard.BusinessDashboardQuery(caller.id()), BusinessDashboard.class).join();
    }
}
