package com.agentbounty.gateway.cache;

import io.lettuce.core.ClientOptions;
import org.springframework.boot.autoconfigure.data.redis.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's Redis connection (read cache, leaderboard, sessions) refuses commands at once while it is
 * disconnected, instead of queueing them until Redis is back or {@code spring.data.redis.timeout} passes: with Redis
 * down, a read goes to PostgreSQL within milliseconds. The connection still reconnects by itself.
 */
@Configuration(proxyBeanMethods = false)
class RedisFailsFast {

    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}
