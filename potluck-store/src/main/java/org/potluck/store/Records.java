package org.potluck.store;

/** Argument checks shared by the records and stores, failing with {@link IllegalArgumentException} as promised. */
final class Records {
    private Records() {}

    static void requireNonNull(String what, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
    }

    static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    what + " must not be blank, got " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    static void requireLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
    }
}
