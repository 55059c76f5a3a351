package org.potluck.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.potluck.accounting.TestWindows.window;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.potluck.accounting.published.ChainLedger;
import org.potluck.accounting.published.PublishedBlock;

/** The credit ledger follows the chain: an orphaned block neither settled nor created credits (docs/payouts.md). */
class OrphanedBlockLedgerTest {
    private static final String GENESIS = "00".repeat(32);
    private final Map<String, PayoutTable> tables = new HashMap<>();
    private final Map<String, String> prevHashes = new HashMap<>();

    /** Two payout slots: of a 5, b 3, c 1, d 1 over 1000 sats, c and d (100 each) are left out. */
    private static PayoutTable tableLeavingOutCAndD(CreditLedger ledger) {
        return PayoutCalculator.compute(new PayoutInputs(
                1000,
                window("a", "5", "b", "3", "c", "1", "d", "1"),
                ledger.credits(),
                null,
                new PayoutRules(0, null, 0, null, FinderBonus.none(), 2, 0)));
    }

    /** Room for everyone: every credit offered is paid. */
    private static PayoutTable tablePayingEveryone(CreditLedger ledger) {
        return PayoutCalculator.compute(new PayoutInputs(
                1000,
                window("a", "5", "b", "3", "c", "1", "d", "1"),
                ledger.credits(),
                null,
                PayoutRules.minersOnly()));
    }

    private PublishedBlock block(int height, String hash, String prevHash, String status, PayoutTable table) {
        tables.put(hash, table);
        prevHashes.put(hash, prevHash);
        return new PublishedBlock(height, hash, "job-" + hash, 1, "a", true, List.of(), status);
    }

    private CreditLedger ledgerBefore(List<PublishedBlock> blocks, int height, String prevHash) {
        return ChainLedger.ledgerBefore(
                blocks,
                height,
                prevHash,
                b -> Optional.ofNullable(prevHashes.get(b.blockHash())),
                b -> Optional.ofNullable(tables.get(b.blockHash())));
    }

    @Test
    void creditsAnOrphanedBlockPaidAreOwedAgain() {
        PublishedBlock first = block(101, "a1", GENESIS, "in_chain", tableLeavingOutCAndD(CreditLedger.empty()));
        CreditLedger owed = CreditLedger.empty().afterBlock(tables.get("a1"), 101);
        assertThat(owed.credits()).containsExactly(new Credit("c", 100, 101), new Credit("d", 100, 101));
        PublishedBlock payer = block(102, "a2", "a1", "in_chain", tablePayingEveryone(owed));
        assertThat(tables.get("a2").offeredCredits()).hasSize(2);

        // While the paying block is in the chain the credits are settled...
        assertThat(ledgerBefore(List.of(first, payer), 103, "a2").credits()).isEmpty();
        // ...once the node's best chain holds another block at 102 (not the pool's), they were never paid.
        List<PublishedBlock> afterReorg = List.of(first, payer.withStatus("orphaned"));
        assertThat(ledgerBefore(afterReorg, 103, "ff02").credits())
                .containsExactly(new Credit("c", 100, 101), new Credit("d", 100, 101));
    }

    @Test
    void minersAnOrphanedBlockLeftOutAreOwedNothing() {
        PublishedBlock orphan = block(101, "a1", GENESIS, "orphaned", tableLeavingOutCAndD(CreditLedger.empty()));

        assertThat(ledgerBefore(List.of(orphan), 102, "ff01")).isEqualTo(CreditLedger.empty());
    }

    @Test
    void aJobThatBuiltOnTheOrphanedBlockStillCountsIt() {
        PublishedBlock orphan = block(101, "a1", GENESIS, "orphaned", tableLeavingOutCAndD(CreditLedger.empty()));
        PublishedBlock child = block(
                102,
                "a2",
                "a1",
                "orphaned",
                tablePayingEveryone(CreditLedger.empty().afterBlock(tables.get("a1"), 101)));

        // A job made on top of the orphaned branch, before the pool saw the reorganization, was computed with its
        // credits.
        assertThat(ledgerBefore(List.of(orphan, child), 102, "a1").credits()).hasSize(2);
        assertThat(ledgerBefore(List.of(orphan, child), 103, "a2").credits()).isEmpty();
    }

    @Test
    void ofTwoBlocksAtOneHeightTheOneInTheChainCountsWhicheverWasListedFirst() {
        PublishedBlock lost = block(101, "a1", GENESIS, "orphaned", tablePayingEveryone(CreditLedger.empty()));
        PublishedBlock won = block(101, "b1", GENESIS, "in_chain", tableLeavingOutCAndD(CreditLedger.empty()));

        assertThat(ledgerBefore(List.of(lost, won), 102, "ff01").credits())
                .containsExactly(new Credit("c", 100, 101), new Credit("d", 100, 101));
    }

    @Test
    void aRejectedBlockNeverCounts() {
        PublishedBlock rejected = block(101, "a1", GENESIS, "rejected", tableLeavingOutCAndD(CreditLedger.empty()));

        assertThat(ledgerBefore(List.of(rejected), 102, "ff01")).isEqualTo(CreditLedger.empty());
    }
}
