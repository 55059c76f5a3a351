package org.potluck.pool;

import org.potluck.node.SubmitResult;
import org.potluck.pool.work.WorkTemplate;
import org.potluck.store.AcceptedShare;
import org.potluck.stratum.StratumError;

/** What happens in the pool, for whoever wants to show or count it (the demo's console, tests, later the dashboard). */
public interface PoolListener {
    default void minerConnected(String remote) {
    }

    default void minerAuthorized(String user, String userAgent, String remote, double difficulty) {
    }

    default void minerDisconnected(String user, String remote) {
    }

    default void shareAccepted(AcceptedShare share) {
    }

    default void shareRejected(String user, StratumError error, String reason) {
    }

    /** A share is a block: called at once, before the block goes to the node (blockFound follows with the verdict). */
    default void blockCandidate(BlockFound block) {
    }

    default void blockFound(BlockFound block, SubmitResult result) {
    }

    default void newWork(WorkTemplate template, boolean newBlock) {
    }

    /** How long one share's proof-of-work check took (for the validation latency histogram). */
    default void shareChecked(long nanos) {
    }

    default void nodeDown(String reason) {
    }

    default void nodeUp(String node) {
    }

    /** A Stratum connection refused or closed to protect the pool (for the potluck_connections_shed metric). */
    default void connectionShed(String remote, ShedReason reason) {
    }

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

    /** A block candidate: the share, the block hash and height, the coinbase outputs it pays and the job it came from. */
    record BlockFound(int height, String blockHash, String address, String worker,
                      java.util.List<org.potluck.bitcoin.TxOut> outputs, org.potluck.pool.work.Job job) {
    }

    PoolListener NONE = new PoolListener() {
    };

    /** Passes every event to each of several listeners. */
    static PoolListener all(java.util.List<PoolListener> listeners) {
        return new PoolListener() {
            @Override public void minerConnected(String remote) { listeners.forEach(l -> l.minerConnected(remote)); }
            @Override public void minerAuthorized(String user, String agent, String remote, double difficulty) { listeners.forEach(l -> l.minerAuthorized(user, agent, remote, difficulty)); }
            @Override public void minerDisconnected(String user, String remote) { listeners.forEach(l -> l.minerDisconnected(user, remote)); }
            @Override public void shareAccepted(AcceptedShare share) { listeners.forEach(l -> l.shareAccepted(share)); }
            @Override public void shareRejected(String user, StratumError error, String reason) { listeners.forEach(l -> l.shareRejected(user, error, reason)); }
            @Override public void blockCandidate(BlockFound block) { listeners.forEach(l -> l.blockCandidate(block)); }
            @Override public void blockFound(BlockFound block, SubmitResult result) { listeners.forEach(l -> l.blockFound(block, result)); }
            @Override public void newWork(WorkTemplate template, boolean newBlock) { listeners.forEach(l -> l.newWork(template, newBlock)); }
            @Override public void shareChecked(long nanos) { listeners.forEach(l -> l.shareChecked(nanos)); }
            @Override public void nodeDown(String reason) { listeners.forEach(l -> l.nodeDown(reason)); }
            @Override public void nodeUp(String node) { listeners.forEach(l -> l.nodeUp(node)); }
            @Override public void connectionShed(String remote, ShedReason reason) { listeners.forEach(l -> l.connectionShed(remote, reason)); }
        };
    }
}
