package org.potluck.verify;

/**
 * One thing the pool's published record got wrong.
 *
 * @param subject what is wrong: the share's sequence, the job's id, the block's hash, or the pool's URL
 * @param message what was expected and what was found (output index, address, sats)
 */
public record Problem(Kind kind, String subject, String message) {
    public enum Kind {
        POOL,
        SHARE,
        JOB,
        BLOCK
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + subject + ": " + message;
    }
}
