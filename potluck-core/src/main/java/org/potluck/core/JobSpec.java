package org.potluck.core;

import java.util.List;
import org.potluck.bitcoin.CoinbaseParts;
import org.potluck.bitcoin.TxOut;

/**
 * One unit of work as the core needs it, in no wire format: the template's header fields and merkle path, the coinbase
 * around the extranonce slot, and the outputs it pays. The pool's job adds how the outputs were chosen (its payout
 * plan); the core never looks at that, and hands the caller's own job type back in every result.
 */
public interface JobSpec {
    /** Unique across restarts: the job's name in the journal and the public record. */
    String id();

    WorkTemplate template();

    CoinbaseParts coinbase();

    List<TxOut> outputs();

    default int height() {
        return template().height();
    }
}
