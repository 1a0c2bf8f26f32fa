package com.agentbounty.query.bounty;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ListingTimestampTextTest {

    @Test
    void everyInstantIsWrittenAsTextOfTheSameInstantInTheFormInstantToStringUses() {
        Random random = new Random(6);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String text = BountyListingProjection.timestamptz(instant);
            assertThat(Instant.parse(text)).as(text).isEqualTo(instant);
            assertThat(text).as("same fields as Instant.toString").startsWith(instant.toString().substring(0, 19)).endsWith("Z");
        }
        assertThat(BountyListingProjection.timestamptz(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00Z");
    }
}
