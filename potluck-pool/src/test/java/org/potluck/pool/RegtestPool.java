package org.potluck.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;
import org.potluck.bitcoin.Bech32;
import org.potluck.bitcoin.Network;
import org.potluck.node.RegtestNode;
import org.potluck.pool.config.PoolConfig;
import org.potluck.store.ShareStore;

/**
 * A real bcoin regtest node and a pool on it, for tests: the pool listens on a free loopback port and keeps its data in
 * a fresh temporary folder. Close it to stop both.
 */
public final class RegtestPool implements AutoCloseable {
    public final RegtestNode node;
    public final Pool pool;
    public final Path dataDir;
    public final RecordingListener events;

    private RegtestPool(RegtestNode node, Pool pool, Path dataDir, RecordingListener events) {
        this.node = node;
        this.pool = pool;
        this.dataDir = dataDir;
        this.events = events;
    }

    public static RegtestPool start() throws IOException, InterruptedException {
        return start(c -> c);
    }

    /** @param tweak changes the default regtest test config (difficulties, fees...) before the pool starts */
    public static RegtestPool start(UnaryOperator<PoolConfig> tweak) throws IOException, InterruptedException {
        return start(tweak, UnaryOperator.identity());
    }

    /** @param storeView wraps the pool's database, e.g. to watch its writes */
    public static RegtestPool start(UnaryOperator<PoolConfig> tweak, UnaryOperator<ShareStore> storeView)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("potluck-test-");
        RegtestNode node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"));
        try {
            PoolConfig config = tweak.apply(PoolConfig.bcoinRegtest(
                    "http://127.0.0.1:" + node.rpcPort(),
                    node.apiKey(),
                    dir.resolve("pool").toString(),
                    0,
                    0.002,
                    5));
            var events = new RecordingListener();
            Pool pool = new Pool(config, events, storeView).start();
            return new RegtestPool(node, pool, dir, events);
        } catch (IOException | InterruptedException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    public int port() {
        return pool.stratumAddress().getPort();
    }

    /** The pool's Stratum v1 sessions themselves (Netty channels inside), for tests of the protocol edge. */
    public java.util.Collection<org.potluck.pool.stratum.Sv1Session> sessions() {
        return pool.sessions();
    }

    public String url() {
        return "stratum+tcp://127.0.0.1:" + port();
    }

    /** A fresh bcoin-regtest P2WPKH address (random program: regtest play money). */
    public static String newAddress() {
        return Bech32.encodeSegwit(Network.BCOIN_REGTEST.bech32Hrp(), 0, new SecureRandom().generateSeed(20));
    }

    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            node.close();
        }
    }
}
