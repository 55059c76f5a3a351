package org.potluck.pool.stratum;

/**
 * A session's job ids on the Stratum v1 wire: the channel's job number in lowercase hex, with no leading zero (what
 * {@link Long#toHexString} writes). A submit's id is read back strictly, so that only the exact text the session was
 * sent names a job, as when ids were compared as strings: "01" or "A" is an unknown job, not job 1 or 10.
 */
final class Sv1JobIds {
    /** Never a job's number (channels count from 1): what an id that is not one reads as. */
    static final long NONE = 0;

    private Sv1JobIds() {}

    static long parse(String id) {
        int length = id.length();
        if (length == 0 || length > 16 || id.charAt(0) == '0') {
            return NONE;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else {
                return NONE;
            }
            value = (value << 4) | digit;
        }
        return value < 0 ? NONE : value;
    }
}
