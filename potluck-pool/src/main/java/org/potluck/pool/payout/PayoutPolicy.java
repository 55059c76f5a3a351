package org.potluck.pool.payout;

import java.math.BigDecimal;
import java.util.function.Supplier;
import org.potluck.accounting.CreditLedger;
import org.potluck.accounting.PayoutRules;
import org.potluck.core.WorkTemplate;

/** Decides the coinbase outputs of a job: who is paid what out of the block reward. */
public interface PayoutPolicy {
    /**
     * The payout plan for a miner's job on a template. Plans must be cheap to ask for again: a policy that computes a
     * table (PPLNS) caches it per template, and every session with the same plan shares one job.
     */
    PayoutPlan planFor(WorkTemplate template, Miner miner);

    /** Called once per template before any session asks, so that costly plans are made off the network threads. */
    default void prepare(WorkTemplate template) {}

    /**
     * What a block found now would pay, for everyone to see; null when it depends only on who finds it (solo).
     */
    default PayoutPlan preview(WorkTemplate template) {
        return null;
    }

    /**
     * Told of the journal's shares as the ordered share stream hands them on: in sequence order, each once, no hole
     * (a PPLNS window grows from these). Called on the stream's own thread, never on a network thread.
     */
    default void sharesJournaled(java.util.List<org.potluck.store.AcceptedShare> inOrder) {}

    /** The payout scheme's name as published ("solo", "pplns"). */
    String scheme();

    /** The rules as published for verifiers: fee, donation, finder bonus and output limits of this scheme. */
    PayoutRules rules();

    /** The PPLNS window's size in network difficulties, as published; zero for a scheme without a window (solo). */
    BigDecimal windowMultiplier();

    /**
     * The same policy under new rules (a config reload). Whatever the policy carries from share to share (a PPLNS
     * window and credit ledger) is shared with the new one, not copied, so nothing recorded during the switch is lost.
     * The scheme itself never changes this way: {@code payout.scheme} takes a restart.
     */
    PayoutPolicy withRules(PayoutRules rules);

    /** The credits the next plans start from; always empty for a scheme that carries no credits (solo). */
    default CreditLedger ledger() {
        return CreditLedger.empty();
    }

    /**
     * Told before jobs are made on a new template which credit ledger the chain it builds on leaves (docs/payouts.md).
     * A supplier, because replaying the found blocks costs store reads that a scheme without credits must not pay for:
     * such a policy never asks it.
     */
    default void useLedger(Supplier<CreditLedger> ofChain) {}

    /**
     * The miner a coinbase is made for (its finder, should its share be a block).
     *
     * @param script the scriptPubKey of {@code address}
     * @param userAgent what the miner said in mining.subscribe, which picks its coinbase size class; may be null
     */
    record Miner(String address, byte[] script, String userAgent) {}
}
