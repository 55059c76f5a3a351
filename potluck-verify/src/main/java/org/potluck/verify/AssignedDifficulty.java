package org.potluck.verify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.potluck.accounting.published.PublishedDifficulty;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedShare;

/**
 * Whether a share was credited at a difficulty its connection was really sent. The pool publishes every
 * set_difficulty it wrote to a connection (named by its extranonce1), with the height of the notify that followed; a
 * job is credited at the difficulty in effect when it was sent, and every connection is sent a set_difficulty with the
 * first job of each height (and on each retarget). So a share's credited difficulty must equal one assigned to its
 * connection at its job's height, no later than the share (up to {@link #CLOCK_SLACK}, for a pool clock that steps).
 * Raising a share's credit, even to no more than its hash reached, breaks this unless the pool also invents an
 * assignment, which the miner of that connection can see in its own log (docs/payouts.md).
 */
final class AssignedDifficulty {
    static final Duration CLOCK_SLACK = Duration.ofSeconds(1);

    private AssignedDifficulty() {}

    /**
     * @param assigned the difficulties assigned to the share's connection at its job's height
     * @return why the credit matches none of them, or empty when it matches one
     */
    static Optional<String> mismatch(PublishedShare share, PublishedJob job, List<PublishedDifficulty> assigned) {
        List<PublishedDifficulty> before = assigned.stream()
                .filter(a -> !a.time().isAfter(share.time().plus(CLOCK_SLACK)))
                .toList();
        if (before.stream().anyMatch(a -> Double.compare(a.difficulty(), share.difficulty()) == 0)) {
            return Optional.empty();
        }
        return Optional.of("(address " + share.address() + ", job " + job.jobId() + ") credited difficulty "
                + share.difficulty() + " was never assigned to its connection (extranonce1 " + share.connection()
                + ") at height " + job.height() + "; assigned by then: "
                + before.stream()
                        .map(a -> Double.toString(a.difficulty()))
                        .distinct()
                        .toList());
    }
}
