package org.potluck.store;

import java.io.IOException;

/** The share log was closed (the journal or the reader's cursor) and every durable share was handed out. */
public final class ShareLogClosedException extends IOException {
    public ShareLogClosedException(String message) {
        super(message);
    }
}
