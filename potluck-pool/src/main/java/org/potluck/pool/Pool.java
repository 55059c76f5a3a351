package org.potluck.pool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.potluck.bitcoin.Network;
import org.potluck.node.BlockTemplate;
import org.potluck.node.CookieLocator;
import org.potluck.node.NodeEndpoint;
import org.potluck.node.NodeListener;
import org.potluck.node.NodeRpc;
import org.potluck.node.NodeWatcher;
import org.potluck.node.RpcAuth;
import org.potluck.pool.config.CannotListenException;
import org.potluck.pool.config.ConfigDiff;
import org.potluck.pool.config.ConfigException;
import org.potluck.pool.config.RestartRequiredException;
import org.potluck.pool.config.PoolConfig;
import org.potluck.pool.payout.AddressBook;
import org.potluck.pool.payout.PayoutPolicy;
import org.potluck.pool.payout.SoloPayout;
import org.potluck.pool.share.ShareRecorder;
import org.potluck.pool.stratum.StratumContext;
import org.potluck.pool.stratum.StratumServer;
import org.potluck.pool.work.JobBoard;
import org.potluck.pool.work.WorkTemplate;
import org.potluck.store.JournalCopier;
import org.potluck.store.PrivateFiles;
import org.potluck.store.ShareJournal;
import org.potluck.store.ShareStore;
import org.potluck.store.ShareStores;
import org.potluck.store.BlockRecord;
import org.potluck.node.SubmitResult;
import org.potluck.accounting.FinderBonus;
import org.potluck.accounting.PayoutRules;
import org.potluck.pool.payout.PplnsPayout;
import org.potluck.pool.payout.HdAddresses;
import org.potluck.pool.payout.ShareWindow;
import org.potluck.pool.publish.BlockJson;
import org.potluck.pool.publish.LedgerJson;
import org.potluck.pool.work.Job;
import java.math.BigDecimal;
import java.time.Instant;
import org.potluck.pool.publish.JobArchive;
import org.potluck.pool.publish.JobJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool, wired in one place: node → templates → jobs → stratum sessions → shares → journal and database, and block
 * candidates back to the node. Start it, and close it to stop everything in the right order.
 */
public final class Pool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pool.class);

    /** Replaced by {@link #reload}; volatile so that readers on other threads see the new one. */
    private volatile PoolConfig config;
    private final PoolListener listener;
    private final List<NodeRpc> nodes = new ArrayList<>();
    private NodeWatcher watcher;
    private ShareJournal journal;
    private ShareStore store;
    private JournalCopier copier;
    private ShareRecorder recorder;
    private StratumServer server;
    private JobBoard board;
    private volatile PayoutPolicy payout;
    private JobArchive archive;
    private AddressBook addresses;
    private HdAddresses hd;
    private StratumContext ctx;
    private InetSocketAddress address;

    public Pool(PoolConfig config, PoolListener listener) {
        this.config = config.validate();
        this.listener = listener;
    }

    public Pool start() throws IOException, InterruptedException {
        Path dataDir = Path.of(config.dataDir());
        PrivateFiles.createDirectories(dataDir);
        journal = ShareJournal.open(dataDir.resolve("journal"));
        store = ShareStores.open(config.storage().url(), dataDir);
        copier = new JournalCopier(journal, store);
        copier.start();
        // The database must hold every journaled share before windows and tables are made from it.
        copier.awaitCaughtUp(Duration.ofMinutes(5));
        archive = new JobArchive(store, JobJson::of);

        Network network = Network.byName(config.network());
        for (PoolConfig.NodeConfig node : config.nodes()) {
            nodes.add(new NodeRpc(endpoint(node, config.network())));
        }
        board = new JobBoard(4 + config.stratum().extranonce2Size(),
                config.stratum().coinbaseTag().getBytes(StandardCharsets.UTF_8), archive::publish);
        hd = new HdAddresses(network, store);
        addresses = new AddressBook(network, () -> watcher == null ? nodes.getFirst() : watcher.active(), hd);
        payout = payoutPolicy(config.payout());

        List<String> rules = network == Network.SIGNET ? List.of("segwit", "signet") : List.of("segwit");
        watcher = new NodeWatcher(nodes, new NodeEvents(),
                Duration.ofMillis(config.nodeTiming().pollIntervalMillis()),
                Duration.ofSeconds(config.nodeTiming().templateRefreshSeconds()), rules);
        PoolListener events = PoolListener.all(List.of(new BlockBook(), listener));
        recorder = new ShareRecorder(journal, watcher::submitBlock, watcher::refreshNow, events,
                share -> payout.shareJournaled(share));
        ctx = new StratumContext(config.stratum(), board, payout, addresses, recorder, archive::stored, events);
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
                throw new ConfigException("payout.fee_address", p.feeAddress(), "a valid address, xpub or descriptor: " + resolved.error());
            }
        }
        if (!p.isPplns()) {
            return new SoloPayout(p.feeBasisPoints(), p.feeAddress(), addresses);
        }
        // The published PPLNS rules name one fee address that every verifier recomputes with: it cannot rotate.
        if (HdAddresses.isHdSource(p.feeAddress()) || HdAddresses.isHdSource(p.donationAddress())) {
            throw new ConfigException("payout.fee_address", p.feeAddress(),
                    "a plain address with scheme \"pplns\" (an xpub or descriptor works with \"solo\")");
        }
        if (p.donationBasisPoints() > 0 && !addresses.resolve(p.donationAddress()).ok()) {
            throw new ConfigException("payout.donation_address", p.donationAddress(),
                    "a valid address: " + addresses.resolve(p.donationAddress()).error());
        }
        FinderBonus bonus = p.finderBonusSats() > 0 ? FinderBonus.fixedSats(p.finderBonusSats())
                : p.finderBonusBasisPoints() > 0 ? FinderBonus.basisPoints(p.finderBonusBasisPoints()) : FinderBonus.none();
        var rules = new PayoutRules(p.feeBasisPoints(), p.feeBasisPoints() > 0 ? p.feeAddress() : null,
                p.donationBasisPoints(), p.donationBasisPoints() > 0 ? p.donationAddress() : null, bonus,
                p.maxOutputs(), p.minOutputSats());
        if (payout instanceof PplnsPayout running) {
            return running.withRules(rules);
        }
        return new PplnsPayout(rules, BigDecimal.valueOf(p.windowMultiplier()), addresses, new ShareWindow(store),
                LedgerJson.load(store), 4 + config.stratum().extranonce2Size(),
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
     * Keeps each block the pool found, and for PPLNS moves the credit ledger on. Two blocks at one height can both be
     * accepted (one on a side branch): the ledger moves once per height, with the first.
     */
    private final class BlockBook implements PoolListener {
        private int ledgerHeight;

        /**
         * Fresh addresses move on as soon as a block pays them, before the block even reaches the node, so that no
         * later job can pay the same address again (a rejected block only skips an index, which wallets tolerate).
         */
        @Override
        public void blockCandidate(BlockFound block) {
            block.job().plan().addresses().forEach(hd::paid);
        }

        @Override
        public synchronized void blockFound(BlockFound block, SubmitResult result) {
            Job job = block.job();
            try {
                store.insertBlock(new BlockRecord(block.height(), block.blockHash(), job.id(), 0, block.address(),
                        result.accepted(), Instant.now(), BlockJson.of(block, result, 0)));
                if (result.accepted() && payout instanceof PplnsPayout pplns && job.plan().table() != null
                        && block.height() > ledgerHeight) {
                    ledgerHeight = block.height();
                    pplns.blockAccepted(job.plan().table(), block.height());
                    store.putSetting(LedgerJson.KEY, LedgerJson.of(pplns.ledger(), block.height()));
                }
            } catch (RuntimeException e) {
                log.error("block {} at height {} could not be recorded: {}", block.blockHash(), block.height(), e.toString());
            }
        }
    }

    static NodeEndpoint endpoint(PoolConfig.NodeConfig node, String network) {
        RpcAuth auth;
        if (node.user() != null && node.password() != null) {
            auth = new RpcAuth.UserPassword(node.user(), node.password());
        } else if (node.cookie() != null) {
            auth = new RpcAuth.CookieFile(Path.of(node.cookie()));
        } else {
            // CookieLocator knows the network names and their aliases (mainnet, testnet3, ...) itself.
            Path cookie = CookieLocator.find(network).orElseThrow(() -> new ConfigException("node.cookie", null,
                    "a cookie file or node.user/node.password: none found in " + CookieLocator.candidates(network)));
            auth = new RpcAuth.CookieFile(cookie);
        }
        return new NodeEndpoint(URI.create(node.url()), auth, node.zmqHashBlock());
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

    /** The connected miners, for the admin API. */
    public java.util.Collection<org.potluck.pool.stratum.MinerSession> sessions() {
        return java.util.List.copyOf(ctx.sessions());
    }

    public org.potluck.pool.stratum.BanList bans() {
        return ctx.bans();
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

    public WorkTemplate currentTemplate() {
        return board.template();
    }

    private final class NodeEvents implements NodeListener {
        @Override
        public void onTemplate(BlockTemplate template, boolean newBlock) {
            WorkTemplate work = board.install(template);
            payout.prepare(work);
            if (newBlock) {
                log.info("new block: height {} on {}, network difficulty {}, {} transactions", work.height(),
                        work.prevHashDisplay(), String.format("%.4g", work.networkDifficulty()), template.transactions().size());
            } else {
                log.debug("template refresh: height {}, {} transactions", work.height(), template.transactions().size());
            }
            server.broadcast(newBlock);
            listener.newWork(work, newBlock);
        }

        @Override
        public void onNodeDown(String reason) {
            listener.nodeDown(reason);
        }

        @Override
        public void onNodeUp(String node) {
            listener.nodeUp(node);
        }
    }

    /** Stops in the order that loses nothing: miners told to reconnect, the node let go, the journal flushed last. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (watcher != null) {
            watcher.close();
        }
        if (recorder != null) {
            recorder.close();
        }
        if (copier != null) {
            try {
                copier.awaitCaughtUp(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                log.warn("database not fully caught up with the journal at shutdown (it will catch up at the next start): {}", e.toString());
            }
            copier.close();
        }
        if (archive != null) {
            archive.close();
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
