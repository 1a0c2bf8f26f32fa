package com.agentbounty.query.cache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code agentbounty.cache.*}: how long each kind of read stays in Redis at most (the seed's TTLs; an event evicts
 * sooner), how long reads skip Redis after it failed to answer, and this node's memory in front of Redis
 * ({@link NodeMemory}): how long it trusts the versions it read (the most another node's change waits to reach this
 * node's readers; zero asks Redis at every read) and how much JSON it keeps.
 */
@ConfigurationProperties("agentbounty.cache")
public record ReadCacheProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("5m") Duration listings,
                                  @DefaultValue("10m") Duration agentProfiles,
                                  @DefaultValue("1m") Duration leaderboard,
                                  @DefaultValue("5s") Duration skipAfterFailure,
                                  @DefaultValue("20ms") Duration localMaxAge,
                                  @DefaultValue("64MB") DataSize localMemory) {
}
