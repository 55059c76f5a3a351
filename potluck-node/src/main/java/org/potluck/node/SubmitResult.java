package org.potluck.node;

import java.util.Objects;

/**
 * What the node made of a submitted block.
 *
 * @param reason the node's string (null when plainly accepted)
 */
public record SubmitResult(Outcome outcome, String reason) {

    public enum Outcome {
        /** The block is valid and now extends the chain. */
        ACCEPTED,
        /** The node already had this block as valid: a success (another node or a resubmission got there first). */
        DUPLICATE,
        /** Stored but not fully validated (e.g. it is not on the best chain): neither success nor failure yet. */
        INCONCLUSIVE,
        /** Invalid, or known invalid. */
        REJECTED
    }

    private static final String BCOIN_REJECTED_PREFIX = "rejected: ";

    public SubmitResult {
        Objects.requireNonNull(outcome, "outcome");
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED || outcome == Outcome.DUPLICATE;
    }

    /**
     * Reads the result of {@code submitblock}. Bitcoin Core (rpc/mining.cpp, BIP22ValidationResult) answers null on
     * success, "duplicate", "duplicate-invalid", "duplicate-inconclusive", "inconclusive", "rejected", or the
     * validation reject reason ("high-hash", "bad-txnmrklroot", "bad-cb-amount", "time-too-new", ...). Any string we
     * do not know is a rejection that carries the string, so nothing is mistaken for success. bcoin's form
     * {@code "rejected: <reason>"} is read as {@code <reason>}.
     */
    public static SubmitResult interpret(String rpcResult) {
        if (rpcResult == null) {
            return new SubmitResult(Outcome.ACCEPTED, null);
        }
        String r = rpcResult.strip();
        if (r.startsWith(BCOIN_REJECTED_PREFIX) && r.length() > BCOIN_REJECTED_PREFIX.length()) {
            // bcoin wraps every verdict as "rejected: <reason>", including "rejected: duplicate" for a known block.
            return interpret(r.substring(BCOIN_REJECTED_PREFIX.length()));
        }
        return switch (r) {
            case "duplicate" -> new SubmitResult(Outcome.DUPLICATE, r);
            case "inconclusive", "duplicate-inconclusive" -> new SubmitResult(Outcome.INCONCLUSIVE, r);
            case "duplicate-invalid", "rejected" -> new SubmitResult(Outcome.REJECTED, r);
            case "" -> new SubmitResult(Outcome.REJECTED, "empty answer from submitblock");
            default -> new SubmitResult(Outcome.REJECTED, r);
        };
    }
}
