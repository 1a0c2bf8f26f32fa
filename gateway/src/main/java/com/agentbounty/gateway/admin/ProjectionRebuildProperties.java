package com.agentbounty.gateway.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Projection rebuilds (docs/runbooks/rebuild-projection.md).
 *
 * @param batchSize     events the rebuild's processor handles per transaction once the bulk phase is over: larger
 *                      batches commit (and store the token) less often
 * @param bulkBatchSize events per transaction (and global indexes per query of the event table) in the bulk phase,
 *                      which replays the history up to the head taken at the start (ADR 0016); docs/benchmarks.md has
 *                      the measured effect
 */
@ConfigurationProperties("agentbounty.projection-rebuild")
public record ProjectionRebuildProperties(@DefaultValue("1000") int batchSize, @DefaultValue("10000") int bulkBatchSize) {
}
