package com.agentbounty.gateway.admin;

import com.agentbounty.gateway.error.ApiException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where each streaming event processor stands against the event store, and rebuilding a projection by replaying
 * every event into it.
 * <p>
 * Permissions (no new {@code Permission}): reading is {@code admin:view_metrics}, which admins and analysts hold; it
 * changes nothing. A rebuild changes what readers see for a while, so it needs an admin-only permission; none names
 * "operate processors", and {@code admin:manage_flags} (switching runtime behaviour on and off) is the closest of
 * the admin-only ones, so that is what it declares.
 * <p>
 * What a rebuild does, honestly: it stops the processor, resets its tokens (which runs the projection's
 * {@code @ResetHandler}, i.e. empties its table) and starts it again; the processor then replays the whole stream into
 * the same table. <b>Readers see the table empty and then filling up until the replay catches up</b> (the GET shows
 * {@code replaying} and the lag going to 0). Building the new table beside the old one and switching when it has caught
 * up, as DESIGN.md section 8 asks, is not built; docs/decisions/0009-projection-rebuilds.md says what would close
 * that gap.
 * <p>
 * Processors whose handlers have effects outside their own table are refused with 409: the money-flow saga
 * (replaying it would re-send payment commands) and the Kafka publisher (it would publish every event again).
 */
@RestController
class ProjectionAdminController {

    /** MoneyFlowConfiguration.SAGA_PROCESSOR and KafkaEventPublishingConfiguration.PROCESSING_GROUP. */
    static final Set<String> NOT_REPLAYABLE = Set.of("BountyLifecycleSagaProcessor", "kafka-publisher");

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    ProjectionAdminController(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    /** One segment of a processor: its position in the global event stream and how far behind the head it is. */
    record SegmentStatus(int segment, Long position, long lag, boolean caughtUp, boolean replaying, boolean errorState,
                         String error) {
    }

    /** A processor's state; {@code lag} is the largest of its segments' lags ({@code head - position}). */
    record ProcessorStatus(String name, boolean running, boolean error, boolean replaying, boolean replayable,
                           long head, long lag, List<SegmentStatus> segments) {
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
     * Replays every event into the projection, emptying its table first (see the class comment for the gap readers
     * see). Answers 202 at once with the processor's status; the GET shows the replay's progress.
     */
    @PreAuthorize("hasAuthority('admin:manage_flags')")
    @PostMapping("/api/admin/projections/{name}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    synchronized ProcessorStatus rebuild(@PathVariable String name) {
        EventProcessor found = processing.eventProcessors().get(name);
        if (!(found instanceof StreamingEventProcessor processor)) {
            throw ApiException.notFound("projection", name);
        }
        if (NOT_REPLAYABLE.contains(name) || !processor.supportsReset()) {
            throw new ApiException(HttpStatus.CONFLICT, "PROCESSOR_NOT_REPLAYABLE",
                    "Processor " + name + " has effects outside its own table (payments, published messages) and is never replayed",
                    Map.of("name", name));
        }
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return status(processor);
    }

    private ProcessorStatus status(StreamingEventProcessor processor) {
        // Segments first, head second: the head only moves forward, so no lag comes out negative.
        Map<Integer, EventTrackerStatus> statuses = processor.processingStatus();
        long head = position(eventStore.createHeadToken());
        List<SegmentStatus> segments = statuses.values().stream()
                .sorted(Comparator.comparingInt(status -> status.getSegment().getSegmentId()))
                .map(status -> segment(status, head))
                .toList();
        long lag = segments.stream().mapToLong(SegmentStatus::lag).max().orElse(0);
        boolean error = processor.isError() || segments.stream().anyMatch(SegmentStatus::errorState);
        return new ProcessorStatus(processor.getName(), processor.isRunning(), error, processor.isReplaying(),
                !NOT_REPLAYABLE.contains(processor.getName()) && processor.supportsReset(), head, lag, segments);
    }

    private static SegmentStatus segment(EventTrackerStatus status, long head) {
        OptionalLong position = status.getCurrentPosition();
        // No position yet: nothing of the stream processed, the whole stream is the lag.
        long lag = head - position.orElse(0);
        Throwable error = status.getError();
        return new SegmentStatus(status.getSegment().getSegmentId(), position.isPresent() ? position.getAsLong() : null, lag,
                status.isCaughtUp(), status.isReplaying(), status.isErrorState(), error == null ? null : error.toString());
    }

    private static long position(TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }
}
