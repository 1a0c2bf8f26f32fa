package com.agentbounty.gateway.analytics;

import com.agentbounty.events.analytics.Analytics;
import com.agentbounty.events.analytics.Analytics.DailyRow;
import com.agentbounty.events.analytics.Analytics.Range;
import com.agentbounty.events.analytics.Analytics.SummaryRow;
import com.agentbounty.events.analytics.Analytics.TagRow;
import com.agentbounty.events.analytics.Analytics.TopAgentRow;
import com.agentbounty.gateway.error.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The analyst's figures (docs/read-models.md defines each) over a range of days, UTC, both ends included:
 * {@code from}/{@code to} as ISO dates, by default the last {@value #DEFAULT_DAYS} days up to today, at most
 * {@value #MAX_DAYS} days. JSON {@code {"from","to","rows":[...]}} by default; CSV with a header row for
 * {@code ?format=csv} or {@code Accept: text/csv}.
 */
@RestController
class AnalyticsController {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;
    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final QueryGateway queries;
    private final Clock clock;

    AnalyticsController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** The query parameters every analytics route takes. */
    record TableRequest(@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                        @Pattern(regexp = "json|csv") String format) {
    }

    record Table<R>(LocalDate from, LocalDate to, List<R> rows) {
    }

    @PreAuthorize("hasAuthority('analytics:read')")
    @GetMapping("/api/analytics/daily")
    ResponseEntity<?> daily(@Valid TableRequest request, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Range range = range(request);
        return answer("daily", range, request, accept, DailyRow.class, new Analytics.DailyQuery(range));
    }

    @PreAuthorize("hasAuthority('analytics:read')")
    @GetMapping("/api/analytics/summary")
    ResponseEntity<?> summary(@Valid TableRequest request, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Range range = range(request);
        return answer("summary", range, request, accept, SummaryRow.class, new Analytics.SummaryQuery(range));
    }

    @PreAuthorize("hasAuthority('analytics:read')")
    @GetMapping("/api/analytics/tags")
    ResponseEntity<?> tags(@Valid TableRequest request, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        Range range = range(request);
        return answer("tags", range, request, accept, TagRow.class, new Analytics.TagsQuery(range));
    }

    @PreAuthorize("hasAuthority('analytics:read')")
    @GetMapping("/api/analytics/top-agents")
    ResponseEntity<?> topAgents(@Valid TableRequest request, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
                                @RequestParam(defaultValue = "10") @Min(1) @Max(Analytics.TopAgentsQuery.MAX_LIMIT) int limit) {
        Range range = range(request);
        return answer("top-agents", range, request, accept, TopAgentRow.class, new Analytics.TopAgentsQuery(range, limit));
    }

    private Range range(TableRequest request) {
        LocalDate to = request.to() != null ? request.to() : LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate from = request.from() != null ? request.from() : to.minusDays(DEFAULT_DAYS - 1);
        if (from.isAfter(to)) {
            throw invalid("from is after to", Map.of("from", "must not be after to"));
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw invalid("The range is longer than " + MAX_DAYS + " days", Map.of("to", "at most " + MAX_DAYS + " days after from"));
        }
        return new Range(from, to);
    }

    private static ApiException invalid(String message, Map<String, String> details) {
        return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", message, details);
    }

    private <R extends Record> ResponseEntity<?> answer(String name, Range range, TableRequest request, String accept, Class<R> rowType,
                                                        Object query) {
        List<R> rows = queries.query(query, ResponseTypes.multipleInstancesOf(rowType)).join();
        if (!wantsCsv(request.format(), accept)) {
            return ResponseEntity.ok(new Table<>(range.from(), range.to(), rows));
        }
        return ResponseEntity.ok().contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"analytics-%s-%s-%s.csv\"".formatted(name, range.from(), range.to()))
                .body(CsvTable.write(rowType, rows));
    }

    /** {@code format} decides; without it, an Accept header that names text/csv and not JSON. */
    private static boolean wantsCsv(String format, String accept) {
        if (format != null) {
            return format.equals("csv");
        }
        List<MediaType> accepted = MediaType.parseMediaTypes(accept);
        return accepted.stream().anyMatch(TEXT_CSV::equalsTypeAndSubtype)
                && accepted.stream().noneMatch(MediaType.APPLICATION_JSON::equalsTypeAndSubtype);
    }
}
