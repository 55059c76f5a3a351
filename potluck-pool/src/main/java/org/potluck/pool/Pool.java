package org.potluck.pool;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.potluck.accounting.FinderBonus;
import org.potluck.accounting.PayoutRules;
import org.potluck.bitcoin.Network;
import org.potluck.config.CannotListenException;
import org.potluck.config.ConfigException;
import org.potluck.config.RestartRequiredException;
import org.potluck.core.WorkTemplate;
import org.potluck.node.BlockTemplate;
import org.potluck.node.NodeConfig;
import org.potluck.node.NodeListener;
import org.potluck.node.NodeRpc;
import org.potluck.node.NodeWatcher;
import org.potluck.node.SubmitResult;
import org.potluck.pool.config.ConfigDiff;
import org.potluck.pool.config.PoolConfig;
import org.potluck.pool.payout.AddressBook;
import org.potluck.pool.payout.HdAddresses;
import org.potluck.pool.payout.PayoutPolicy;
import org.potluck.pool.payout.PplnsPayout;
import org.potluck.pool.payout.ShareWindow;
import org.potluck.pool.payout.SoloPayout;
import org.potluck.pool.publish.DifficultyLog;
import org.potluck.pool.publish.JobArchive;
import org.potluck.pool.publish.JobJson;
import org.potluck.pool.publish.LedgerJson;
import org.potluck.pool.share.ShareRecorder;
import org.potluck.pool.stratum.OperatorBans;
import org.potluck.pool.stratum.StratumContext;
import org.potluck.pool.stratum.StratumServer;
import org.potluck.pool.work.JobBoard;
import org.potluck.store.JournalCopier;
import org.potluck.store.PrivateFiles;
import org.potluck.store.ShareJournal;
import org.potluck.store.ShareLogFollower;
import org.potluck.store.ShareStore;
import org.potluck.store.ShareStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool, wired in one place: node → templates → jobs → stratum sessions → shares → journal and database, and block
 * candidates back to the node. Start it, and close it to stop everything in the right order.
 */
public final class Pool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pool.class);
    /** Shares held for the payout rule before it reads them from the journal's files instead (a slow template). */
    private static final int PAYOUT_FOLLOWER_CAPACITY = 65_536;

    /** Replaced by {@link #reload}; volatile so that readers on other threads see the new one. */
    private volatile PoolConfig config;

    private final PoolListener listener;
    private final List<NodeRpc> nodes = new ArrayList<>();
    private NodeWatcher watcher;
    private ShareJournal journal;
    private ShareStore store;
    private JournalCopier copier;
    private ShareLogFollower payoutFollower;
    private ShareRecorder recorder;
    private DifficultyLog difficulties;
    private StratumServer server;
    private JobBoard board;
    private volatile PayoutPolicy payout;
    private JobArchive archive;
    private AddressBook addresses;
    private HdAddresses hd;
    private FoundBlocks found;
    private StratumContext ctx;
    private OperatorBans operatorBans;
    private InetSocketAddress address;
    /** Why no node answers, null while one does; set from the watcher's thread, read by /health. */
    private volatile String nodeDownReason;
    /** System.nanoTime() when the pool last took a template from a node; 0 before the first. */
    private volatile long templateNanos;

    private boolean closed; // guarded by this

    /** Wraps the opened database (tests watch its writes through it); the identity in production. */
    private final java.util.function.UnaryOperator<ShareStore> storeView;

    public Pool(PoolConfig config, PoolListener listener) {
        this(config, listener, java.util.function.UnaryOperator.identity());
    }

    Pool(PoolConfig config, PoolListener listener, java.util.function.UnaryOperator<ShareStore> storeView) {
        this.config = config.validate();
        this.listener = listener;
        this.storeView = storeView;
    }

    public Pool start() throws IOException, InterruptedException {
        Path dataDir = Path.of(config.dataDir());
        PrivateFiles.createDirectories(dataDir);
        store = storeView.apply(ShareStores.open(config.storage().url(), dataDir));
        // With the database's last sequence, a journal that lost its tail numbers on after what the database holds
        // instead of reusing those sequences for other shares (see ShareJournal).
        journal = ShareJournal.open(dataDir.resolve("journal"), store.lastSequence());
        copier = new JournalCopier(journal, store);
        copier.start();
        // The database must hold every journaled share before windows and tables are made from it.
        copier.awaitCaughtUp(Duration.ofMinutes(5));
        archive = new JobArchive(store, JobJson::of);
        // Found blocks a pool stopped before the database took them are stored from their files (found-blocks/).
        found = new FoundBlocks(store, dataDir.resolve("found-blocks"), listener);

        Network network = Network.byName(config.network());
        for (NodeConfig node : config.nodes()) {
            nodes.add(new NodeRpc(node.endpoint(config.network())));
        }
        board = new JobBoard(
                4 + config.stratum().extranonce2Size(),
                config.stratum().coinbaseTag().getBytes(StandardCharsets.UTF_8),
                archive::publish);
        hd = new HdAddresses(network, store);
        addresses = new AddressBook(network, () -> watcher == null ? nodes.getFirst() : watcher.active(), hd);
        payout = payoutPolicy(config.payout());

        List<String> rules = network == Network.SIGNET ? List.of("segwit", "signet") : List.of("segwit");
        watcher = new NodeWatcher(
                nodes,
                new NodeEvents(),
                Duration.ofMillis(config.nodeTiming().pollIntervalMillis()),
                Duration.ofSeconds(config.nodeTiming().templateRefreshSeconds()),
                rules);
        difficulties = new DifficultyLog(store);
        PoolListener events = PoolListener.all(List.of(new BlockBook(), difficulties, listener));
        recorder = new ShareRecorder(
                journal, watcher::submitBlock, () -> watcher.active().getBlockCount(), watcher::refreshNow, events);
        // The payout rule reads the journal's ordered share stream from where the database (caught up above, and what
        // a PPLNS window starts from) ends; nothing is appended before the port opens. Through the field: a reload's
        // policy shares the window and takes over.
        payoutFollower = ShareLogFollower.start(
                journal,
                store.lastSequence(),
                PAYOUT_FOLLOWER_CAPACITY,
                "payout",
                inOrder -> payout.sharesJournaled(inOrder));
        ctx = new StratumContext(config.stratum(), board, payout, addresses, recorder, archive::record, events);
        // Before the port opens, so that a miner the operator banned is refused from the first connection.
        operatorBans = OperatorBans.restore(ctx.bans(), store, java.time.Clock.systemUTC());
        server = new StratumServer(ctx, Math.max(1, Runtime.getRuntime().availableProcessors()));
        address = listen(server);
        watcher.start();
        return this;
    }

    /** Starts the Stratum listener; a port in use is told with its config key, not in Netty's words. */
    private InetSocketAddress listen(StratumServer stratum) throws InterruptedException {
        try {
            return stratum.start();
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) { // Netty rethrows the bind's IOException undeclared
            var s = config.stratum();
            var explained = CannotListenException.explain(e, "stratum", "miners", s.host(), s.port());
            throw explained != null ? explained : new IllegalStateException("cannot start the Stratum server: " + e, e);
        }
    }

    /** Builds the payout rule for {@code p}; a PPLNS rule already running keeps its window and ledger. */
    private PayoutPolicy payoutPolicy(PoolConfig.PayoutConfig p) {
        if (p.feeBasisPoints() > 0) {
            var resolved = addresses.resolve(p.feeAddress());
            if (!resolved.ok()) {
                throw new ConfigException(
                        "payout.fee_address",
                        p.feeAddress(),
                        "a valid address, xpub or descriptor: " + resolved.error());
            }
        }
        if (!p.isPplns()) {
            return new SoloPayout(p.feeBasisPoints(), p.feeAddress(), addresses);
        }
        // The published PPLNS rules name one fee address that every verifier recomputes with: it cannot rotate.
        if (HdAddresses.isHdSource(p.feeAddress()) || HdAddresses.isHdSource(p.donationAddress())) {
            throw new ConfigException(
                    "payout.fee_address",
                    p.feeAddress(),
                    "a plain address with scheme \"pplns\" (an xpub or descriptor works with \"solo\")");
        }
        if (p.donationBasisPoints() > 0
                && !addresses.resolve(p.donationAddress()).ok()) {
            throw new ConfigException(
                    "payout.donation_address",
                    p.donationAddress(),
                    "a valid address: " + addresses.resolve(p.donationAddress()).error());
        }
        FinderBonus bonus = p.finderBonusSats() > 0
                ? FinderBonus.fixedSats(p.finderBonusSats())
                : p.finderBonusBasisPoints() > 0
                        ? FinderBonus.basisPoints(p.finderBonusBasisPoints())
                        : FinderBonus.none();
        var rules = new PayoutRules(
                p.feeBasisPoints(),
                p.feeBasisPoints() > 0 ? p.feeAddress() : null,
                p.donationBasisPoints(),
                p.donationBasisPoints() > 0 ? p.donationAddress() : null,
                bonus,
                p.maxOutputs(),
                p.minOutputSats());
        // A running policy is a PPLNS one here: payout.scheme takes a restart (ConfigDiff).
        if (payout != null) {
            return payout.withRules(rules);
        }
        return new PplnsPayout(
                rules,
                BigDecimal.valueOf(p.windowMultiplier()),
                addresses,
                new ShareWindow(store),
                LedgerJson.load(store),
                4 + config.stratum().extranonce2Size(),
                config.stratum().coinbaseTag().getBytes(StandardCharsets.UTF_8).length);
    }

    /**
     * Takes a re-read config while miners stay connected: the keys in {@link ConfigDiff#LIVE_KEYS} apply to new
     * sessions (difficulty bounds, target share time, ban time; existing sessions keep the vardiff they started with)
     * and to the next jobs (payout split: miners get new jobs at once). Everything is checked before anything changes.
     *
     * @return the keys that changed (empty when the file says what the pool already runs with)
     * @throws RestartRequiredException naming the changed keys that only a restart can apply; nothing is applied
     * @throws ConfigException          when the new config is invalid (e.g. a fee address of another network)
     */
    public synchronized List<String> reload(PoolConfig next) {
        next.validate();
        List<String> changed = ConfigDiff.changedKeys(config, next);
        List<String> restart = ConfigDiff.needingRestart(changed);
        if (!restart.isEmpty()) {
            throw new RestartRequiredException(restart);
        }
        boolean payoutChanged = changed.stream().anyMatch(k -> k.startsWith("payout."));
        PayoutPolicy nextPayout = payoutChanged ? payoutPolicy(next.payout()) : payout;
        config = next;
        ctx.liveConfig().set(next.stratum());
        if (payoutChanged) {
            payout = nextPayout;
            ctx.livePayout().set(nextPayout);
            WorkTemplate current = board.template();
            if (current != null) {
                nextPayout.prepare(current);
                // Without this the new split would wait for the next template, up to a block away.
                server.broadcast(false);
            }
        }
        if (!changed.isEmpty()) {
            log.info("config reloaded: {} changed", changed);
        }
        return changed;
    }

    /**
     * Keeps each block the pool found (what became of it is followed by {@link FoundBlocks} at each new block, which
     * also moves the PPLNS credit ledger).
     */
    private final class BlockBook implements PoolListener {
        /**
         * Fresh addresses move on (in memory) as soon as a block pays them, before the block even reaches the node, so
         * that no job made on the tip it creates can pay the same address again (a rejected block only skips an index,
         * which wallets tolerate).
         */
        @Override
        public void blockCandidate(BlockFound block) {
            block.job().plan().addresses().forEach(hd::paid);
        }

        /** The new indexes reach the database only once the block is at the node: block first. */
        @Override
        public void blockSubmitted(BlockFound block) {
            hd.save();
        }

        @Override
        public void blockFound(BlockFound block, SubmitResult result) {
            try {
                found.record(block, result);
            } catch (RuntimeException e) {
                log.error(
                        "block {} at height {} could not be recorded: {}",
                        block.blockHash(),
                        block.height(),
                        e.toString());
            }
        }
    }

    /** The address miners connect to (the port is the real one when the config asked for port 0). */
    public InetSocketAddress stratumAddress() {
        return address;
    }

    public ShareStore store() {
        return store;
    }

    public ShareJournal journal() {
        return journal;
    }

    public JournalCopier copier() {
        return copier;
    }

    public int sessionCount() {
        return server.sessionCount();
    }

    /** How long the node in use took to answer the pool's latest call. */
    public Duration nodeLatency() {
        return watcher == null ? Duration.ZERO : watcher.active().lastLatency();
    }

    /** The connected miners, to list and kick without reaching into a protocol (the admin API). */
    public ConnectedMiners connectedMiners() {
        return server;
    }

    /** The Stratum v1 sessions themselves, for this module's tests (through RegtestPool) only. */
    java.util.Collection<org.potluck.pool.stratum.Sv1Session> sessions() {
        return java.util.List.copyOf(ctx.sessions());
    }

    public org.potluck.pool.stratum.BanList bans() {
        return ctx.bans();
    }

    /** The operator's bans: set through the admin API, kept in the database across restarts. */
    public OperatorBans operatorBans() {
        return operatorBans;
    }

    public AddressBook addresses() {
        return addresses;
    }

    public PayoutPolicy payout() {
        return payout;
    }

    public PoolConfig config() {
        return config;
    }

    /** Every block the pool found, as published, with what became of it (its status). */
    public List<org.potluck.accounting.published.PublishedBlock> publishedBlocks() {
        return found.published();
    }

    public WorkTemplate currentTemplate() {
        return board.template();
    }

    /** Time since the pool last took a template from a node (a refresh counts), empty before the first. */
    public Optional<Duration> templateAge() {
        long at = templateNanos;
        return at == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - at));
    }

    /** Whether the journal takes appends and the database takes jobs and the copied shares (no share waits for it). */
    public boolean storeHealthy() {
        return journal.healthy() && databaseFailure() == null;
    }

    /**
     * Why the database refuses writes (the copier's shares, the job archive's jobs or the found blocks), null while it
     * takes them.
     */
    private String databaseFailure() {
        String shares = copier.healthy() ? null : "copying shares: " + copier.lastError();
        List<String> failures = new ArrayList<>();
        for (String failure : new String[] {shares, archive.failure(), found.failure()}) {
            if (failure != null) {
                failures.add(failure);
            }
        }
        return failures.isEmpty() ? null : String.join("; ", failures);
    }

    /** Work, node, journal and database, checked now; the rule is {@link PoolHealth}'s. */
    public PoolHealth health() {
        WorkTemplate template = board.template();
        return PoolHealth.assess(new PoolHealth.State(
                template == null ? null : template.height(),
                templateAge().orElse(null),
                Duration.ofSeconds(config.nodeTiming().templateRefreshSeconds()),
                nodeDownReason,
                journal.healthy() ? null : String.valueOf(journal.lastError()),
                databaseFailure()));
    }

    private final class NodeEvents implements NodeListener {
        @Override
        public void onTemplate(BlockTemplate template, boolean newBlock) {
            WorkTemplate work = board.install(template);
            templateNanos = System.nanoTime();
            followFoundBlocks(work, newBlock);
            payout.prepare(work);
            if (newBlock) {
                log.info(
                        "new block: height {} on {}, network difficulty {}, {} transactions",
                        work.height(),
                        work.prevHashDisplay(),
                        String.format("%.4g", work.networkDifficulty()),
                        template.transactions().size());
            } else {
                log.debug(
                        "template refresh: height {}, {} transactions",
                        work.height(),
                        template.transactions().size());
            }
            server.broadcast(newBlock);
            listener.newWork(work, newBlock);
        }

        @Override
        public void onNodeDown(String reason) {
            nodeDownReason = reason == null ? "no reason given" : reason;
            listener.nodeDown(reason);
        }

        @Override
        public void onNodeUp(String node) {
            nodeDownReason = null;
            recorder.nodeUp();
            listener.nodeUp(node);
        }

        /**
         * Before jobs are made on a new tip: the found blocks' fate is re-checked and the PPLNS ledger follows the
         * chain this template builds on (an orphaned block's credits are undone before any coinbase pays them). Asks
         * the node, never the database: {@link FoundBlocks} keeps what this needs in memory and writes behind, so a
         * database that has just gone away (whose connection timeout is seconds) never holds up the new block's work.
         */
        private void followFoundBlocks(WorkTemplate work, boolean newBlock) {
            try {
                if (newBlock) {
                    found.followChain(work, watcher.active());
                }
                payout.useLedger(() -> found.ledgerFor(work));
            } catch (RuntimeException e) {
                log.error("found blocks could not be checked against the chain: {}", e.toString());
            }
        }
    }

    /**
     * Stops in the order that loses nothing: miners told to reconnect, the node let go, the journal flushed last.
     * Closing again does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (server != null) {
            server.close();
        }
        if (watcher != null) {
            watcher.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        if (difficulties != null) {
            difficulties.close();
        }
        if (copier != null) {
            try {
                copier.awaitCaughtUp(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                log.warn(
                        "database not fully caught up with the journal at shutdown (it will catch up at the next start): {}",
                        e.toString());
            }
            copier.close();
        }
        if (archive != null) {
            archive.close();
        }
        if (found != null) {
            found.close();
        }
        if (payoutFollower != null) {
            payoutFollower.close();
        }
        if (journal != null) {
            journal.close();
        }
        if (store != null) {
            store.close();
        }
        nodes.forEach(NodeRpc::close);
    }
}
