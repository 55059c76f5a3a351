package org.potluck.pool;

import org.potluck.core.Rejection;
import org.potluck.core.WorkTemplate;
import org.potluck.node.SubmitResult;
import org.potluck.store.AcceptedShare;

/** What happens in the pool, for whoever wants to show or count it (the demo's console, tests, later the dashboard). */
public interface PoolListener {
    default void minerConnected(String remote) {}

    default void minerAuthorized(String user, String userAgent, String remote, double difficulty) {}

    default void minerDisconnected(String user, String remote) {}

    /**
     * A {@code mining.authorize} was refused: no share was submitted, so this is not a rejected share. Called for each
     * refused attempt; {@code user} is the username as sent (clipped, possibly hostile: escape it before printing).
     */
    default void loginRefused(String remote, String user, LoginRefusal reason, String detail) {}

    default void shareAccepted(AcceptedShare share) {}

    /**
     * A submitted share was refused. {@code rejection} is the reason as a domain value (each protocol edge answers the
     * miner with its own code for it); {@code reason} is the text the miner was sent, with values in it (never a key).
     */
    default void shareRejected(String user, Rejection rejection, String reason) {}

    /**
     * A share is a block: called on the submitting thread right before the block goes to the node. Memory only (no
     * I/O, no waiting): it is all that stands between the block and the node. Slower bookkeeping goes in
     * {@link #blockSubmitted}; blockFound follows with the node's verdict.
     */
    default void blockCandidate(BlockFound block) {}

    /**
     * The block's first submission to the node is over (answered, or no node reachable and retries follow): the
     * bookkeeping that must not delay a block (database writes) runs here, on the submitting thread.
     */
    default void blockSubmitted(BlockFound block) {}

    default void blockFound(BlockFound block, SubmitResult result) {}

    default void newWork(WorkTemplate template, boolean newBlock) {}

    /** What became of a found block changed, e.g. to "in_chain" or "orphaned" (a BlockStatus name). */
    default void blockStatusChanged(String blockHash, int height, String status) {}

    /**
     * A mining.set_difficulty was written to the connection with this extranonce1 (hex), right before the notify of
     * {@code jobId} at {@code height}: every job it gets until the next one is credited at {@code difficulty}.
     */
    default void difficultyAssigned(String extranonce1, double difficulty, int height, String jobId) {}

    /** How long one share's proof-of-work check took (for the validation latency histogram). */
    default void shareChecked(long nanos) {}

    default void nodeDown(String reason) {}

    default void nodeUp(String node) {}

    /** A Stratum connection refused or closed to protect the pool (for the potluck_connections_shed metric). */
    default void connectionShed(String remote, ShedReason reason) {}

    /** Why a connection was shed; {@link #metricLabel} is its label in the metrics. */
    enum ShedReason {
        /** More connections from one IP address than stratum.max_connections_per_ip. */
        PER_IP_LIMIT,
        /** More connections in all than stratum.max_connections. */
        TOTAL_LIMIT,
        /** Replies left unread for stratum.slow_reader_close_seconds. */
        NOT_READING;

        public String metricLabel() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A block candidate: the share, the block hash and height, the coinbase outputs it pays and the job it came from.
     *
     * @param shareSequence the finding share's journal sequence; 0 until the share is journaled (a candidate goes to
     *                      the node before its share reaches the disk), set in {@link #blockFound}
     */
    record BlockFound(
            int height,
            String blockHash,
            String address,
            String worker,
            java.util.List<org.potluck.bitcoin.TxOut> outputs,
            org.potluck.pool.work.Job job,
            long shareSequence) {

        /** A candidate whose share is not journaled yet. */
        public BlockFound(
                int height,
                String blockHash,
                String address,
                String worker,
                java.util.List<org.potluck.bitcoin.TxOut> outputs,
                org.potluck.pool.work.Job job) {
            this(height, blockHash, address, worker, outputs, job, 0);
        }

        public BlockFound withShareSequence(long sequence) {
            return new BlockFound(height, blockHash, address, worker, outputs, job, sequence);
        }
    }

    PoolListener NONE = new PoolListener() {};

    /** Passes every event to each of several listeners. */
    static PoolListener all(java.util.List<PoolListener> listeners) {
        return new PoolListener() {
            @Override
            public void minerConnected(String remote) {
                listeners.forEach(l -> l.minerConnected(remote));
            }

            @Override
            public void minerAuthorized(String user, String agent, String remote, double difficulty) {
                listeners.forEach(l -> l.minerAuthorized(user, agent, remote, difficulty));
            }

            @Override
            public void minerDisconnected(String user, String remote) {
                listeners.forEach(l -> l.minerDisconnected(user, remote));
            }

            @Override
            public void loginRefused(String remote, String user, LoginRefusal reason, String detail) {
                listeners.forEach(l -> l.loginRefused(remote, user, reason, detail));
            }

            @Override
            public void shareAccepted(AcceptedShare share) {
                listeners.forEach(l -> l.shareAccepted(share));
            }

            @Override
            public void shareRejected(String user, Rejection rejection, String reason) {
                listeners.forEach(l -> l.shareRejected(user, rejection, reason));
            }

            @Override
            public void blockCandidate(BlockFound block) {
                listeners.forEach(l -> l.blockCandidate(block));
            }

            @Override
            public void blockSubmitted(BlockFound block) {
                listeners.forEach(l -> l.blockSubmitted(block));
            }

            @Override
            public void blockFound(BlockFound block, SubmitResult result) {
                listeners.forEach(l -> l.blockFound(block, result));
            }

            @Override
            public void blockStatusChanged(String hash, int height, String status) {
                listeners.forEach(l -> l.blockStatusChanged(hash, height, status));
            }

            @Override
            public void newWork(WorkTemplate template, boolean newBlock) {
                listeners.forEach(l -> l.newWork(template, newBlock));
            }

            @Override
            public void difficultyAssigned(String extranonce1, double difficulty, int height, String jobId) {
                listeners.forEach(l -> l.difficultyAssigned(extranonce1, difficulty, height, jobId));
            }

            @Override
            public void shareChecked(long nanos) {
                listeners.forEach(l -> l.shareChecked(nanos));
            }

            @Override
            public void nodeDown(String reason) {
                listeners.forEach(l -> l.nodeDown(reason));
            }

            @Override
            public void nodeUp(String node) {
                listeners.forEach(l -> l.nodeUp(node));
            }

            @Override
            public void connectionShed(String remote, ShedReason reason) {
                listeners.forEach(l -> l.connectionShed(remote, reason));
            }
        };
    }
}
