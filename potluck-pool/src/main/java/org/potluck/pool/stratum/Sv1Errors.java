package org.potluck.pool.stratum;

import org.potluck.core.Rejection;
import org.potluck.stratum.StratumError;

/**
 * The Stratum v1 error code each {@link Rejection} is answered with. The codes are the ones miners got before the
 * reasons became domain values (several reasons share one: v1 has only six), so firmware that reacts to them sees no
 * change. The switch has no default: a new reason does not compile until it is given a code here.
 *
 * <p>A Stratum v2 edge will need its own mapping beside this one, to the {@code error_code} string of
 * SubmitShares.Error. The spec names {@code invalid-channel-id}, {@code stale-share}, {@code difficulty-too-low} and
 * {@code invalid-job-id}: not subscribed, not authorized and wrong worker become {@code invalid-channel-id} (in v2 a
 * share is sent on a channel, not by a worker name), a stale job {@code stale-share}, an unknown job
 * {@code invalid-job-id}, low difficulty {@code difficulty-too-low}; the others (duplicate, ntime, version bits,
 * malformed, storage failure) have no code in the spec and will get pool-chosen strings then. The v2 mapping
 * belongs to the v2 edge, as this one belongs to the v1 edge: the pool inside only ever sees the Rejection.
 */
public final class Sv1Errors {
    private Sv1Errors() {}

    public static StratumError of(Rejection rejection) {
        return switch (rejection) {
            case NOT_SUBSCRIBED -> StratumError.NOT_SUBSCRIBED;
            case NOT_AUTHORIZED, WRONG_WORKER -> StratumError.UNAUTHORIZED;
            case UNKNOWN_JOB, STALE_JOB -> StratumError.JOB_NOT_FOUND;
            case DUPLICATE -> StratumError.DUPLICATE;
            case LOW_DIFFICULTY -> StratumError.LOW_DIFFICULTY;
            case MALFORMED_SUBMIT, NTIME_OUT_OF_RANGE, VERSION_BITS_OUTSIDE_MASK, STORAGE_FAILURE -> StratumError.OTHER;
        };
    }
}
