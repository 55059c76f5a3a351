package org.potluck.web.api;

/** Reads the {@code after} cursor and {@code limit} parameters, refusing anything that is not a plain whole number. */
final class QueryCursor {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    private QueryCursor() {}

    /**
     * @param raw  the parameter as sent, null when absent (then 0: from the beginning)
     * @param what what the cursor counts, for the error message
     */
    static long after(String name, String raw, String what) {
        if (raw == null || raw.isEmpty()) {
            return 0;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    name + " must be a whole number >= 0 (" + what + "), got '" + clip(raw) + "'");
        }
        if (value < 0) {
            throw ApiException.badRequest(name + " must be >= 0 (" + what + "), got " + value);
        }
        return value;
    }

    static int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + clip(raw) + "'");
        }
        if (value < 1 || value > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be from 1 to " + MAX_LIMIT + ", got " + value);
        }
        return value;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
