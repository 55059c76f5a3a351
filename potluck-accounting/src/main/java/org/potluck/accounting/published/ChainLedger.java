package org.potluck.accounting.published;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.potluck.accounting.CreditLedger;
import org.potluck.accounting.PayoutTable;

/**
 * Which of the pool's blocks a job's credit ledger counts: the credits move only with blocks in the chain the job
 * builds on (docs/payouts.md, "When a block is orphaned"). The pool, {@code potluck verify} and the proof endpoint
 * all ask this class, so they cannot disagree about a reorganization.
 *
 * <p>The rule, for a job at height H on top of block P: walk back from P through the pool's own blocks (each block's
 * job names the block it built on); every pool block met is in the job's chain, whatever its status (a job made on a
 * block that was later orphaned still counted it). At each height below H that the walk did not reach, the first
 * listed block whose {@link BlockStatus#counts() status counts} is taken (at most one pool block per height is in any
 * chain). Blocks are then replayed in height order.
 */
public final class ChainLedger {
    private ChainLedger() {}

    /**
     * @param blocks     the pool's found blocks, in published order (by height, then time)
     * @param height     the job's height
     * @param prevHash   the block the job builds on (display hex)
     * @param prevHashOf the block a found block's job built on, by block hash, when known
     * @return the blocks the job's ledger counts, by height ascending
     */
    public static List<PublishedBlock> countedBelow(
            List<PublishedBlock> blocks,
            int height,
            String prevHash,
            Function<PublishedBlock, Optional<String>> prevHashOf) {
        Map<String, PublishedBlock> byHash = new HashMap<>();
        for (PublishedBlock b : blocks) {
            byHash.putIfAbsent(b.blockHash().toLowerCase(java.util.Locale.ROOT), b);
        }
        Map<Integer, PublishedBlock> counted = new HashMap<>();
        String at = prevHash;
        // Bounded by the number of blocks: each step goes to a lower height.
        for (int steps = 0; at != null && steps <= blocks.size(); steps++) {
            PublishedBlock ancestor = byHash.get(at.toLowerCase(java.util.Locale.ROOT));
            if (ancestor == null || ancestor.height() >= height || counted.containsKey(ancestor.height())) {
                break;
            }
            counted.put(ancestor.height(), ancestor);
            at = prevHashOf.apply(ancestor).orElse(null);
        }
        for (PublishedBlock b : blocks) {
            if (b.height() < height && b.blockStatus().counts()) {
                counted.putIfAbsent(b.height(), b);
            }
        }
        List<PublishedBlock> ordered = new ArrayList<>(counted.values());
        ordered.sort(Comparator.comparingInt(PublishedBlock::height));
        return ordered;
    }

    /**
     * The ledger a job at {@code height} on top of {@code prevHash} starts from: the empty ledger after each counted
     * block, with the table {@code tableOf} gives for it (a block without one is skipped; the caller reports it).
     */
    public static CreditLedger ledgerBefore(
            List<PublishedBlock> blocks,
            int height,
            String prevHash,
            Function<PublishedBlock, Optional<String>> prevHashOf,
            Function<PublishedBlock, Optional<PayoutTable>> tableOf) {
        CreditLedger ledger = CreditLedger.empty();
        for (PublishedBlock b : countedBelow(blocks, height, prevHash, prevHashOf)) {
            Optional<PayoutTable> table = tableOf.apply(b);
            if (table.isPresent()) {
                ledger = ledger.afterBlock(table.get(), b.height());
            }
        }
        return ledger;
    }
}
