package com.agentbounty.gateway.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Projection rebuilds (docs/runbooks/rebuild-projection.md).
 *
 * @param batchSize events the rebuild's processor handles per transaction: larger batches commit (and store the
 *                  token) less often; docs/benchmarks.md has the measured effect
 */
@ConfigurationProperties("agentbounty.projection-rebuild")
public record ProjectionRebuildProperties(@DefaultValue("1000") int batchSize) {
}
