package com.agentbounty.query.bounty;

/** A cursor that no page of ours produced, or one produced for another sort or filter than the query it came with. */
public class InvalidCursorException extends InvalidListingQueryException {

    InvalidCursorException(String cursor) {
        super("cursor", "not a cursor from a previous page", "Invalid cursor: " + shortened(cursor));
    }

    private InvalidCursorException(String cursor, String reason) {
        super("cursor", reason, "This cursor belongs to another sort or filter: " + shortened(cursor));
    }

    static InvalidCursorException otherQuery(String cursor) {
        return new InvalidCursorException(cursor, "from a page of another sort or filter; start again without a cursor");
    }

    private static String shortened(String cursor) {
        return cursor.length() > 64 ? cursor.substring(0, 64) + "…" : cursor;
    }
}
