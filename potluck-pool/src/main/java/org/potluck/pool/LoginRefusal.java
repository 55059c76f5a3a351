package org.potluck.pool;

import java.util.Locale;

/**
 * Why a {@code mining.authorize} was refused. A refused login is not a share: it is counted apart, under these few
 * fixed reasons (never the username, which is the client's to choose).
 */
public enum LoginRefusal {
    /** The username is not a payout address (or xpub/descriptor) of the pool's network. */
    NOT_AN_ADDRESS,
    /** The operator banned this payout address. */
    BANNED_ADDRESS,
    /** An xpub or descriptor as username on a pool that shares blocks (it is for solo mining). */
    HD_SOURCE_NOT_SOLO;

    /** The label it is exported and shown under: "not_an_address", ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
