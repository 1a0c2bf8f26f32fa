package com.agentbounty.infrastructure.eventstore;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UtcInstantsTest {

    @Test
    void everyInstantToStringWritesIsReadBackAsInstantParseReadsIt() {
        Random random = new Random(6);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            assertThat(UtcInstants.parseOrNull(instant.toString())).isEqualTo(Instant.parse(instant.toString()));
        }
        assertThat(UtcInstants.parseOrNull("2026-11-30T05:32:37.1Z")).isEqualTo(Instant.parse("2026-11-30T05:32:37.1Z"));
        assertThat(UtcInstants.parseOrNull("2024-02-29T23:59:59.12345678Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.12345678Z"));
    }

    @Test
    void anyOtherFormIsLeftToTheStandardParser() {
        for (String other : List.of("2026-11-30T05:32:37+01:00", "2026-11-30T05:32Z", "2026-11-30t05:32:37z", "2026-11-30T05:32:37.Z",
                "2026-11-30T05:32:37.1234567890Z", "2026-02-30T05:32:37Z", "2026-11-30T24:00:00Z", "2026-11-30T23:59:60Z",
                "+12026-11-30T05:32:37Z", "2026-11-30 05:32:37Z", "2026-1a-30T05:32:37Z", "1764480757", "")) {
            assertThat(UtcInstants.parseOrNull(other)).as(other).isNull();
        }
    }
}
