package com.agentbounty.gateway.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Auditors read the security log, newest first; {@code cursor} is the id of the last entry of the previous page. */
@RestController
class SecurityAuditController {

    private final SecurityAuditLog log;

    SecurityAuditController(SecurityAuditLog log) {
        this.log = log;
    }

    record Page(List<SecurityAuditLog.Entry> data, String cursor, boolean hasMore) {
    }

    @PreAuthorize("hasAuthority('audit:read')")
    @GetMapping("/api/audit/security-log")
    Page securityLog(@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit, @RequestParam(required = false) Long cursor) {
        List<SecurityAuditLog.Entry> entries = log.page(cursor, limit + 1);
        boolean hasMore = entries.size() > limit;
        List<SecurityAuditLog.Entry> page = hasMore ? entries.subList(0, limit) : entries;
        return new Page(page, hasMore ? Long.toString(page.get(page.size() - 1).id()) : null, hasMore);
    }
}
