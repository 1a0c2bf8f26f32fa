package com.agentbounty.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Boots the query side alone on the embedded PostgreSQL, with its Flyway migrations and Axon's query bus. */
@SpringBootApplication
public class QuerySideTestApplication {
}
