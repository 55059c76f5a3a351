package org.potluck.node;

/**
 * Receives the watcher's news. All calls come from the watcher's single thread, never two at once, so an
 * implementation needs no locking of its own for these callbacks.
 */
public interface NodeListener {

    /**
     * A fresh template.
     *
     * @param newBlock true when the template builds on a different previous block than the last one (or after the
     *                 node came back), so miners must drop old jobs; false for a refresh with new transactions
     */
    void onTemplate(BlockTemplate template, boolean newBlock);

    /** Every node in the failover list stopped answering; called once per outage. */
    default void onNodeDown(String reason) {}

    /** A node answers again after {@link #onNodeDown}. */
    default void onNodeUp(String node) {}
}
