package com.agentbounty.query.bounty;

import com.agentbounty.events.bounty.BountyView;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The position after the last row of a listing page: (drafted at, bounty id), the listing's sort key.
 * Opaque to clients, so its shape can change without breaking them.
 */
record ListingCursor(Instant draftedAt, String bountyId) {

    static ListingCursor after(BountyView last) {
        return new ListingCursor(last.draftedAt(), last.id().value());
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((draftedAt + "|" + bountyId).getBytes(StandardCharsets.UTF_8));
    }

    static ListingCursor decode(String encoded) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\|", 2);
            if (parts.length != 2 || parts[1].isEmpty()) {
                throw new InvalidCursorException(encoded);
            }
            return new ListingCursor(Instant.parse(parts[0]), parts[1]);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidCursorException(encoded);
        }
    }
}
