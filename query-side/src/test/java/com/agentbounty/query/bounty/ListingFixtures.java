package com.agentbounty.query.bounty;

import com.agentbounty.events.bounty.AcceptanceTests;
import com.agentbounty.events.identity.UserId;
import com.agentbounty.events.verification.RuntimeKind;

import java.time.Instant;

/** What the listing projection's tests share: two businesses, some hidden tests, and the time things start. */
final class ListingFixtures {

    static final UserId ACME = new UserId("business-acme");
    static final UserId OTHER = new UserId("business-other");
    static final AcceptanceTests TESTS = new AcceptanceTests(RuntimeKind.QUICKJS, "test('t', () => {});");
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private ListingFixtures() {
    }
}
