package com.agentbounty.query.cache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code agentbounty.cache.*}: how long each kind of read stays in Redis at most (the seed's TTLs; an event evicts
 * sooner), and how long reads skip Redis after it failed to answer.
 */
@ConfigurationProperties("agentbounty.cache")
public record ReadCacheProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("5m") Duration listings,
                                  @DefaultValue("10m") Duration agentProfiles,
                                  @DefaultValue("1m") Duration leaderboard,
                                  @DefaultValue("5s") Duration skipAfterFailure) {
}
