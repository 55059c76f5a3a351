package org.potluck.web.dashboard;

import java.time.Instant;
import java.util.List;

/** What a payout address has been paid in the pool's blocks. The pool implements it from its block records. */
@FunctionalInterface
public interface PayoutHistory {
    /** Newest first, at most {@code limit}. */
    List<Paid> forAddress(String address, int limit);

    /**
     * One coinbase output to the address.
     *
     * @param status what the dashboard should say of it ("immature", "mature", "orphaned", ...)
     */
    record Paid(int height, String blockHash, long sats, Instant time, String status) {}

    PayoutHistory NONE = (address, limit) -> List.of();
}
