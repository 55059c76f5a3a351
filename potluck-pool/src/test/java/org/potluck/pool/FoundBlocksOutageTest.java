package org.potluck.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.TxOut;
import org.potluck.node.BlockTemplate;
import org.potluck.node.SubmitResult;
import org.potluck.pool.payout.PayoutPlan;
import org.potluck.pool.work.Job;
import org.potluck.pool.work.JobBoard;
import org.potluck.store.BlockRecord;
import org.potluck.store.ShareStore;
import org.potluck.store.ShareStoreException;
import org.potluck.store.ShareStores;

/**
 * The rules of {@link FoundBlocks} while its database refuses writes, on a real SQLite database whose block writes the
 * test lets through one by one: found blocks are published at once, reach the database in the order they were found,
 * each once, and a stop before that loses none.
 */
class FoundBlocksOutageTest {
    private static final String MINER = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"; // BIP173 example address

    @TempDir
    Path dataDir;

    /** How many more block writes the database takes; it refuses the others (as a database that is down). */
    private final AtomicInteger blockWritesAllowed = new AtomicInteger();

    private final AtomicInteger blockWritesRefused = new AtomicInteger();

    @Test
    void blocksFoundWhileTheDatabaseRefusesArePublishedAtOnceAndStoredInTheOrderFoundOnceItTakesWrites()
            throws Exception {
        try (ShareStore store = openStore();
                FoundBlocks found = new FoundBlocks(store, dataDir.resolve("found-blocks"), PoolListener.NONE)) {
            found.record(block(101, "aa"), accepted());
            found.record(block(102, "bb"), accepted());
            await().atMost(Duration.ofSeconds(10)).until(() -> blockWritesRefused.get() >= 2);

            assertThat(found.published())
                    .extracting(PublishedBlock::blockHash)
                    .containsExactly("aa".repeat(32), "bb".repeat(32));
            assertThat(store.blocks()).isEmpty();
            assertThat(found.failure()).contains("found blocks waiting for the database (2)");

            blockWritesAllowed.set(1); // one write: it must be the older block, never the newer one before it
            await().atMost(Duration.ofSeconds(10)).until(() -> !store.blocks().isEmpty());
            assertThat(store.blocks()).extracting(BlockRecord::blockHash).containsExactly("aa".repeat(32));

            blockWritesAllowed.set(Integer.MAX_VALUE);
            await().atMost(Duration.ofSeconds(10)).until(() -> store.blocks().size() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> found.failure() == null);
            assertThat(store.blocks())
                    .extracting(BlockRecord::blockHash, BlockRecord::height)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("aa".repeat(32), 101),
                            org.assertj.core.groups.Tuple.tuple("bb".repeat(32), 102));
            assertThat(keptFiles()).as("nothing left waiting").isEmpty();
        }
    }

    @Test
    void aBlockTheDatabaseHasNotTakenWhenThePoolStopsIsStoredOnceAtTheNextStart() throws Exception {
        try (ShareStore store = openStore()) {
            try (FoundBlocks found = new FoundBlocks(store, dataDir.resolve("found-blocks"), PoolListener.NONE)) {
                found.record(block(101, "cc"), accepted());
                found.record(block(101, "cc"), accepted()); // reported twice: still one block
                await().atMost(Duration.ofSeconds(10)).until(() -> blockWritesRefused.get() >= 1);
            }
            assertThat(store.blocks()).isEmpty();
            assertThat(keptFiles()).hasSize(1);

            blockWritesAllowed.set(Integer.MAX_VALUE);
            try (FoundBlocks again = new FoundBlocks(store, dataDir.resolve("found-blocks"), PoolListener.NONE)) {
                assertThat(again.published())
                        .extracting(PublishedBlock::blockHash)
                        .containsExactly("cc".repeat(32));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> store.blocks().size() == 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> keptFiles().isEmpty());
            }
            try (FoundBlocks third = new FoundBlocks(store, dataDir.resolve("found-blocks"), PoolListener.NONE)) {
                assertThat(third.published()).hasSize(1);
            }
            assertThat(store.blocks()).extracting(BlockRecord::blockHash).containsExactly("cc".repeat(32));
        }
    }

    private ShareStore openStore() {
        return new WatchedStore(ShareStores.open(null, dataDir), what -> {
            if (what.equals("insertBlock") && blockWritesAllowed.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
                blockWritesRefused.incrementAndGet();
                throw new ShareStoreException("the test's database refuses block writes");
            }
        });
    }

    private List<Path> keptFiles() throws java.io.IOException {
        try (var files = Files.list(dataDir.resolve("found-blocks"))) {
            return files.toList();
        }
    }

    private static SubmitResult accepted() {
        return new SubmitResult(SubmitResult.Outcome.ACCEPTED, null);
    }

    private static PoolListener.BlockFound block(int height, String hashByte) {
        JobBoard board = new JobBoard(12, new byte[0], job -> {});
        var work = board.install(new BlockTemplate(
                0x20000000,
                "00000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054",
                List.of(),
                312_500_000L,
                "17034219",
                null,
                1_700_000_000L,
                1_699_990_000L,
                height,
                "6a24aa21a9ed" + "00".repeat(32),
                null,
                List.of("segwit")));
        List<TxOut> outputs = new ArrayList<>();
        outputs.add(new TxOut(312_500_000L, Address.toScriptPubKey(MINER, Network.MAINNET)));
        Job job = board.jobFor(work, new PayoutPlan(outputs, List.of(MINER), null, null, 10));
        return new PoolListener.BlockFound(height, hashByte.repeat(32), MINER, "rig", outputs, job, 7);
    }
}
