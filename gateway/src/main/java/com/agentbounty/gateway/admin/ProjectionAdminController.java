package com.agentbounty.gateway.admin;

import com.agentbounty.gateway.error.ApiException;
import com.agentbounty.gateway.security.Caller;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Where each streaming event processor stands against the event store, and rebuilding a projection beside the live
 * one ({@link ProjectionRebuilds}; docs/runbooks/rebuild-projection.md).
 * <p>
 * Permissions (no new {@code Permission}): reading is {@code admin:view_metrics}, which admins and analysts hold; it
 * changes nothing. A rebuild replaces a read model's tables, so it needs an admin-only permission; none names
 * "operate processors", and {@code admin:manage_flags} (switching runtime behaviour on and off) is the closest of
 * the admin-only ones, so that is what it declares.
 * <p>
 * Only projections that declare their tables ({@code @ReadModel}) are rebuilt; the money-flow saga (replaying it
 * would re-send payment commands) and the Kafka publisher (it would publish every event again) are refused with 409.
 */
@RestController
class ProjectionAdminController {

    private final EventProcessingConfiguration processing;
    private final ProjectionRebuilds rebuilds;

    ProjectionAdminController(EventProcessingConfiguration processing, ProjectionRebuilds rebuilds) {
        this.processing = processing;
        this.rebuilds = rebuilds;
    }

    /** One segment of a processor: its position in the global event stream and how far behind the head it is. */
    record SegmentStatus(int segment, Long position, long lag, boolean caughtUp, boolean replaying, boolean errorState,
                         String error) {
    }

    /**
     * A processor's state; {@code lag} is the largest of its segments' lags ({@code head - position});
     * {@code rebuild} the rebuild running now, if any.
     */
    record ProcessorStatus(String name, boolean running, boolean error, boolean replaying, boolean replayable,
                           long head, long lag, List<SegmentStatus> segments, ProjectionRebuilds.Progress rebuild) {
    }

    /** A rebuild's progress and the address that tells it. */
    record RebuildStatus(@JsonUnwrapped ProjectionRebuilds.Progress progress, String statusUrl) {

        static RebuildStatus of(ProjectionRebuilds.Progress progress) {
            return new RebuildStatus(progress, "/api/admin/projections/%s/rebuilds/%s".formatted(progress.projection(), progress.id()));
        }
    }

    @PreAuthorize("hasAuthority('admin:view_metrics')")
    @GetMapping("/api/admin/projections")
    List<ProcessorStatus> list() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .map(this::status)
                .sorted(Comparator.comparing(ProcessorStatus::name))
                .toList();
    }

    /**
     * Rebuilds the projection beside the live one and switches it in when it has caught up. Answers 202 at once with
     * the rebuild's id and its status URL (also the {@code Location}); 409 while the projection is being rebuilt.
     */
    @PreAuthorize("hasAuthority('admin:manage_flags')")
    @PostMapping("/api/admin/projections/{name}/rebuild")
    ResponseEntity<RebuildStatus> rebuild(Caller admin, @PathVariable String name) {
        RebuildStatus started = RebuildStatus.of(rebuilds.start(name, admin.id()));
        return ResponseEntity.accepted().location(URI.create(started.statusUrl())).body(started);
    }

    @PreAuthorize("hasAuthority('admin:view_metrics')")
    @GetMapping("/api/admin/projections/{name}/rebuilds/{id}")
    RebuildStatus rebuildStatus(@PathVariable String name, @PathVariable UUID id) {
        return rebuilds.find(name, id).map(RebuildStatus::of).orElseThrow(() -> ApiException.notFound("rebuild", id.toString()));
    }

    private ProcessorStatus status(StreamingEventProcessor processor) {
        // Segments first, head second: the head only moves forward, so no lag comes out negative.
        Map<Integer, EventTrackerStatus> statuses = processor.processingStatus();
        long head = rebuilds.head();
        List<SegmentStatus> segments = statuses.values().stream()
                .sorted(Comparator.comparingInt(status -> status.getSegment().getSegmentId()))
                .map(status -> segment(status, head))
                .toList();
        long lag = segments.stream().mapToLong(SegmentStatus::lag).max().orElse(0);
        boolean error = processor.isError() || segments.stream().anyMatch(SegmentStatus::errorState);
        return new ProcessorStatus(processor.getName(), processor.isRunning(), error, processor.isReplaying(),
                rebuilds.plan(processor).isPresent(), head, lag, segments,
                rebuilds.running(processor.getName()).orElse(null));
    }

    private static SegmentStatus segment(EventTrackerStatus status, long head) {
        OptionalLong position = status.getCurrentPosition();
        // No position yet: nothing of the stream processed, the whole stream is the lag.
        long lag = head - position.orElse(0);
        Throwable error = status.getError();
        return new SegmentStatus(status.getSegment().getSegmentId(), position.isPresent() ? position.getAsLong() : null, lag,
                status.isCaughtUp(), status.isReplaying(), status.isErrorState(), error == null ? null : error.toString());
    }
}
