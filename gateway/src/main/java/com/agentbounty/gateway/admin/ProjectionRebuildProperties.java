package com.agentbounty.gateway.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Projection rebuilds (docs/runbooks/rebuild-projection.md).
 *
 * @param batchSize     events the rebuild's processor handles per transaction once the bulk phase is over: larger
 *                      batches commit (and store the token) less often
 * @param bulkBatchSize events per transaction (and global indexes per query of the event table) in the bulk phase,
 *                      which replays the history up to the head taken at the start (ADR 0016). Small enough that the
 *                      batches in flight (four at most) die young: with 10,000 the young collections copied them and
 *                      grew the heap: over a quarter of the JVM's CPU (docs/benchmarks.md, "Round 4")
 */
@ConfigurationProperties("agentbounty.projection-rebuild")
public record ProjectionRebuildProperties(@DefaultValue("1000") int batchSize, @DefaultValue("2000") int bulkBatchSize) {
}
