package org.potluck.store;

/**
 * The database already holds a different share under a sequence being inserted. Re-copying the same share is
 * harmless (the copier does it after a crash), but a different one means two shares were numbered alike: one of
 * them would vanish if this were skipped, so the insert refuses and stores nothing of its batch.
 */
public final class ShareConflictException extends ShareStoreException {
    private final long sequence;

    ShareConflictException(long sequence, String message) {
        super(message);
        this.sequence = sequence;
    }

    /** The first sequence found taken by another share. */
    public long sequence() {
        return sequence;
    }
}
