package org.potluck.accounting.published;

import java.util.Locale;

/**
 * What became of a block the pool found. The pool re-checks a block against its node's best chain on every new block
 * until it is {@link #CONFIRMATIONS} deep; only blocks that {@link #counts() count} move the PPLNS credit ledger.
 */
public enum BlockStatus {
    /** The node refused it, or no node could be reached until the chain had moved past it. */
    REJECTED,
    /** The node accepted it; whether it is in the best chain has not been checked yet. */
    PENDING,
    /** In the node's best chain, fewer than {@link #CONFIRMATIONS} deep: a reorganization can still remove it. */
    IN_CHAIN,
    /** In the node's best chain with at least {@link #CONFIRMATIONS} confirmations (its coinbase can be spent). */
    CONFIRMED,
    /** The node's best chain holds another block at its height: it pays nobody. */
    ORPHANED;

    /** Coinbase maturity: a block this deep is final for the pool and no longer re-checked. */
    public static final int CONFIRMATIONS = 100;

    /** Whether the block moves the credit ledger: the node took it and it has not been seen off the best chain. */
    public boolean counts() {
        return this == PENDING || this == IN_CHAIN || this == CONFIRMED;
    }

    /** The name used in JSON, the database and the dashboard: lower case with an underscore, e.g. "in_chain". */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param accepted what an older record without a status says (it predates status tracking)
     * @throws IllegalArgumentException for a name that is not a status
     */
    public static BlockStatus parse(String wire, boolean accepted) {
        if (wire == null || wire.isBlank()) {
            return accepted ? PENDING : REJECTED;
        }
        try {
            return valueOf(wire.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown block status \"" + wire + "\"", e);
        }
    }
}
