package org.potluck.store;

/** A {@link ShareStore} could not do what was asked; the message names the database and the operation. */
public sealed class ShareStoreException extends RuntimeException permits ShareConflictException {
    public ShareStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public ShareStoreException(String message) {
        super(message);
    }
}
