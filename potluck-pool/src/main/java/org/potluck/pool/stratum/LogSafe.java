package org.potluck.pool.stratum;

/**
 * Miner-chosen text (user agent, user and worker names) is logged and stored; a line break in it would let a client
 * write log lines that look like the pool's own. Control characters become visible escapes when such text enters the
 * pool, so every later use (logs, database, dashboard) gets the harmless form.
 */
public final class LogSafe {
    private LogSafe() {}

    /** The text with every control character, and the Unicode line and paragraph separators, written as an escape. */
    public static String text(String s) {
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s; // the usual case: nothing to escape, nothing allocated
        }
        StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
