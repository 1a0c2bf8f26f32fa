package com.agentbounty.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Boots the query side alone on the embedded PostgreSQL and Redis, with its Flyway migrations and Axon's query bus.
 * The application brings the metrics registry and the JSON mapper (with Spring MVC); here a simple registry holds
 * the read cache's counters, and a plain mapper with the modules on the class path writes its entries.
 */
@SpringBootApplication
public class QuerySideTestApplication {

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    ObjectMapper objectMapper() {
        return JsonMapper.builder().findAndAddModules().build();
    }
}
