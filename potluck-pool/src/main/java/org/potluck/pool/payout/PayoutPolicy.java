package org.potluck.pool.payout;

import org.potluck.pool.work.WorkTemplate;

/** Decides the coinbase outputs of a job: who is paid what out of the block reward. */
public interface PayoutPolicy {
    /**
     * The payout plan for a miner's job on a template. Plans must be cheap to ask for again: a policy that computes a
     * table (PPLNS) caches it per template, and every session with the same plan shares one job.
     */
    PayoutPlan planFor(WorkTemplate template, Miner miner);

    /** Called once per template before any session asks, so that costly plans are made off the network threads. */
    default void prepare(WorkTemplate template) {
    }

    /**
     * What a block found now would pay, for everyone to see; null when it depends only on who finds it (solo).
     */
    default PayoutPlan preview(WorkTemplate template) {
        return null;
    }

    /** Told of every share once it is journaled with its sequence (a PPLNS window grows from these). */
    default void shareJournaled(org.potluck.store.AcceptedShare share) {
    }

    /** The payout scheme's name as published ("solo", "pplns"). */
    String scheme();

    /**
     * The miner a coinbase is made for (its finder, should its share be a block).
     *
     * @param script the scriptPubKey of {@code address}
     * @param userAgent what the miner said in mining.subscribe, which picks its coinbase size class; may be null
     */
    record Miner(String address, byte[] script, String userAgent) {
    }
}
