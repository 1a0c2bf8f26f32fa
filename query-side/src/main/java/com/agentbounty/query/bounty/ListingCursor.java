package com.agentbounty.query.bounty;

import com.agentbounty.events.bounty.BountyQueries.BountyListingFilter;
import com.agentbounty.events.bounty.BountyQueries.BountyListingSort;
import com.agentbounty.events.bounty.BountyView;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The position after the last row of a listing page: the sort's key and the bounty id of that row, bound to the sort
 * and (by a digest) the filter of the query that produced it, so that it is refused with any other. Opaque to
 * clients, so its shape can change without breaking them.
 */
record ListingCursor(BountyListingSort sort, String filterDigest, String key, String bountyId) {

    private static final String VERSION = "2";

    static ListingCursor after(BountyView last, BountyListingSort sort, BountyListingFilter filter) {
        String key = switch (sort) {
            case NEWEST -> last.draftedAt().toString();
            case REWARD -> Long.toString(last.reward().amount());
            case DEADLINE -> last.deadline().toString();
        };
        return new ListingCursor(sort, digest(filter), key, last.id().value());
    }

    String encode() {
        String plain = String.join("|", VERSION, sort.name(), filterDigest, key, bountyId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidCursorException when it is not one of ours, or not for this sort and filter */
    static ListingCursor decode(String encoded, BountyListingSort sort, BountyListingFilter filter) {
        ListingCursor cursor;
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\|", 5);
            if (parts.length != 5 || !VERSION.equals(parts[0]) || parts[4].isEmpty()) {
                throw new InvalidCursorException(encoded);
            }
            cursor = new ListingCursor(BountyListingSort.valueOf(parts[1]), parts[2], parts[3], parts[4]);
            // The key must parse as the sort's type, or the SQL comparison would fail later.
            cursor.instantKey();
            cursor.amountKey();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw e instanceof InvalidCursorException invalid ? invalid : new InvalidCursorException(encoded);
        }
        if (cursor.sort != sort || !cursor.filterDigest.equals(digest(filter))) {
            throw InvalidCursorException.otherQuery(encoded);
        }
        return cursor;
    }

    Instant instantKey() {
        return sort == BountyListingSort.REWARD ? null : Instant.parse(key);
    }

    Long amountKey() {
        return sort == BountyListingSort.REWARD ? Long.parseLong(key) : null;
    }

    private static String digest(BountyListingFilter filter) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(filter.canonical().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
