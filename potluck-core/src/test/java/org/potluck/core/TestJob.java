package org.potluck.core;

import java.util.List;
import org.potluck.bitcoin.CoinbaseParts;
import org.potluck.bitcoin.TxOut;

/** A job as a test makes it: what the core needs and nothing of the pool's payout plans. */
record TestJob(String id, WorkTemplate template, CoinbaseParts coinbase, List<TxOut> outputs) implements JobSpec {

    TestJob(String id, WorkTemplate template, CoinbaseParts coinbase) {
        this(id, template, coinbase, List.of());
    }
}
