package org.potluck.core;

/**
 * Why the pool refused a submitted share, whatever protocol carried it. Each protocol edge picks its own error code
 * for a reason (Stratum v1: {@code org.potluck.pool.stratum.Sv1Errors}); inside the pool, and for whoever counts
 * rejections, the reason is this value. The human text that goes with it (ntime values, worker names) travels beside
 * it, never in it, so that the reasons stay a small fixed set.
 */
public enum Rejection {
    /** A share sent before the connection said who it is (Stratum v1: no mining.subscribe yet). */
    NOT_SUBSCRIBED("not_subscribed"),
    /** A share sent before the miner logged in. */
    NOT_AUTHORIZED("unauthorized"),
    /** A share in the name of another worker than the one logged in on this connection. */
    WRONG_WORKER("unauthorized"),
    /** The submit could not be read (bad hex, missing fields) or its extranonce does not fit the job. */
    MALFORMED_SUBMIT("other"),
    /** The job id is not one this connection was sent, or it has aged out of the connection's jobs. */
    UNKNOWN_JOB("job_not_found"),
    /** The job was built on a previous block: the work can no longer make a block. */
    STALE_JOB("job_not_found"),
    /** The header time is before the template's mintime or too far ahead of the pool's clock. */
    NTIME_OUT_OF_RANGE("other"),
    /** Version bits rolled outside the mask negotiated with this miner. */
    VERSION_BITS_OUTSIDE_MASK("other"),
    /** The hash does not meet the share target the job was sent with. */
    LOW_DIFFICULTY("low_difficulty"),
    /** The same header was already credited on this connection. */
    DUPLICATE("duplicate"),
    /** A valid share the pool could not write down, so it was not credited (the miner did nothing wrong). */
    STORAGE_FAILURE("other");

    private final String metricLabel;

    Rejection(String metricLabel) {
        this.metricLabel = metricLabel;
    }

    /**
     * The reason's label in the metrics and on the dashboard. These are the names the labels had when rejections were
     * counted by Stratum v1 error, kept so that existing dashboards and alerts keep matching; several reasons share a
     * label, which keeps the label set as small as it was.
     */
    public String metricLabel() {
        return metricLabel;
    }
}
