package com.agentbounty.gateway.payments;

import com.agentbounty.events.bounty.BountyId;
import com.agentbounty.events.escrow.EscrowHeld;
import com.agentbounty.events.escrow.EscrowId;
import com.agentbounty.events.money.Money;
import com.agentbounty.infrastructure.eventstore.EventStoreAutoConfiguration;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Escrow events stored before a field was added stay readable with the event store's serializer. */
class StoredEscrowEventsTest {

    private final Serializer serializer = new EventStoreAutoConfiguration().serializer();

    private EscrowHeld read(String json) {
        return serializer.deserialize(new SimpleSerializedObject<>(json, String.class,
                new SimpleSerializedType(EscrowHeld.class.getName(), null)));
    }

    @Test
    void anEscrowHeldStoredBeforeHoldsHadALapseTimeReadsWithNone() {
        EscrowHeld old = read("""
                {"escrowId":"e-1","bountyId":"b-1","gross":{"amount":25000,"currency":"USD"},"providerReference":"pi_1"}""");

        assertThat(old.providerReference()).isEqualTo("pi_1");
        assertThat(old.gross().amount()).isEqualTo(25_000);
        assertThat(old.authorisedUntil()).isNull();
    }

    @Test
    void anEscrowHeldWithItsLapseTimeReadsItBack() {
        EscrowHeld held = new EscrowHeld(new EscrowId("e-1"), new BountyId("b-1"),
                new Money(25_000, "USD"), "pi_1", Instant.parse("2026-12-06T10:00:00Z"));

        assertThat(read(serializer.serialize(held, String.class).getData())).isEqualTo(held);
    }
}
