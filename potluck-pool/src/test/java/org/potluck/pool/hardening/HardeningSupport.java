package org.potluck.pool.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Target;
import org.potluck.node.NodeConfig;
import org.potluck.pool.RegtestPool;
import org.potluck.pool.StratumTestClient;
import org.potluck.pool.config.PoolConfig;
import tools.jackson.databind.JsonNode;

/** What the hardening tests share: config tweaks, a miner that makes valid shares by hand, and raw sockets. */
final class HardeningSupport {
    /**
     * Below regtest's network difficulty (about 4.66e-10) every hash meets the share target, so a test miner makes a
     * valid share with one hash, and can pick one that is not also a block (a block would change the tip mid-test).
     */
    static final double EVERY_HASH_IS_A_SHARE = 1e-10;

    private HardeningSupport() {}

    /** Starts a pool whose node traffic goes through a proxy the test controls. */
    static RegtestPool poolBehindProxy(AtomicReference<NodeProxy> proxy) throws Exception {
        return RegtestPool.start(c -> {
            var node = c.nodes().getFirst();
            try {
                proxy.set(new NodeProxy(URI.create(node.url()).getPort()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return c.withStratum(HardeningSupport.stratum(c, 5, 16 * 1024, 60))
                    .withNodes(List.of(new NodeConfig(
                            "http://127.0.0.1:" + proxy.get().port(), node.user(), node.password(), null, null)));
        });
    }

    /** Fixed difficulty (vardiff pinned), the given idle-before-authorize, line limit and ban time. */
    static PoolConfig.StratumConfig stratum(
            PoolConfig c, int idleSecondsBeforeAuthorize, int maxLineBytes, int banSeconds) {
        var s = c.stratum();
        return new PoolConfig.StratumConfig(
                s.host(),
                s.port(),
                EVERY_HASH_IS_A_SHARE,
                EVERY_HASH_IS_A_SHARE,
                EVERY_HASH_IS_A_SHARE,
                1000,
                s.versionMask(),
                s.extranonce2Size(),
                s.coinbaseTag(),
                maxLineBytes,
                idleSecondsBeforeAuthorize,
                banSeconds);
    }

    /** A miner on {@link StratumTestClient} that knows its job and submits shares it has checked itself. */
    static final class HandMiner implements AutoCloseable {
        final StratumTestClient client;
        final String user;
        String extranonce1;
        int extranonce2Size;
        JsonNode job;
        /** As it goes into the subscribe line's JSON string (so escapes such as \\n are JSON escapes). */
        String userAgentJson = "hardening-test/1";

        private long nextId = 10;
        private long extranonce2Counter;

        HandMiner(String sourceAddress, int port, String user) throws IOException {
            this.client = new StratumTestClient(sourceAddress, port);
            this.user = user;
        }

        HandMiner handshake() throws IOException {
            client.sendLine("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"" + userAgentJson + "\"]}");
            JsonNode sub = client.reply(1);
            extranonce1 = sub.get("result").get(1).asString();
            extranonce2Size = sub.get("result").get(2).asInt();
            client.sendLine("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + user + "\",\"x\"]}");
            if (!client.reply(2).get("result").asBoolean()) {
                throw new IOException("authorize refused for " + user);
            }
            job = client.next("mining.notify");
            return this;
        }

        /** Takes the newest notify already received (after a block change, say). */
        void awaitJob(java.util.function.Predicate<JsonNode> which) throws IOException {
            while (true) {
                JsonNode n = client.next("mining.notify");
                if (which.test(n)) {
                    job = n;
                    return;
                }
            }
        }

        /** Submits a share that is valid and not a block, and returns the pool's reply. */
        JsonNode submitValid() throws IOException {
            long id = nextId++;
            client.sendLine(validSubmitLine(id));
            return client.reply(id);
        }

        /** Submits a share that is also a block, and returns the pool's reply. */
        JsonNode submitBlock() throws IOException {
            long id = nextId++;
            client.sendLine(submitLine(id, true));
            return client.reply(id);
        }

        String validSubmitLine(long id) {
            return submitLine(id, false);
        }

        /** A valid share that is a block or not, as asked (on regtest about every other hash is one). */
        private String submitLine(long id, boolean block) {
            JsonNode p = job.get("params");
            String en2 = String.format("%0" + extranonce2Size * 2 + "x", ++extranonce2Counter);
            byte[] coinbase = Hex.decode(
                    p.get(2).asString() + extranonce1 + en2 + p.get(3).asString());
            List<byte[]> branch = new java.util.ArrayList<>();
            p.get(4).forEach(b -> branch.add(Hex.decode(b.asString())));
            byte[] root = Merkle.rootFromBranch(Sha256.sha256d(coinbase), branch);
            int version = Integer.parseUnsignedInt(p.get(5).asString(), 16);
            int nbits = Integer.parseUnsignedInt(p.get(6).asString(), 16);
            int ntime = Integer.parseUnsignedInt(p.get(7).asString(), 16);
            byte[] networkTarget = Target.toLittleEndian32(Target.fromBits(nbits));
            byte[] prev = BlockHeader.prevHashFromNotify(p.get(1).asString());
            for (int nonce = 0; ; nonce++) {
                byte[] hash = Sha256.sha256d(BlockHeader.build(version, prev, root, ntime, nbits, nonce));
                if (Target.meets(hash, networkTarget) == block) {
                    return submitLine(id, p.get(0).asString(), en2, p.get(7).asString(), String.format("%08x", nonce));
                }
            }
        }

        String submitLine(long id, String jobId, String en2, String ntime, String nonce) {
            return "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + user + "\",\"" + jobId + "\",\""
                    + en2 + "\",\"" + ntime + "\",\"" + nonce + "\"]}";
        }

        String jobId() {
            return job.get("params").get(0).asString();
        }

        String ntime() {
            return job.get("params").get(7).asString();
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    /** A plain socket from a chosen 127.0.0.x, for clients that do not speak the protocol properly. */
    static Socket rawSocket(String sourceAddress, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    /** Reads until the pool closes the socket (true) or the time runs out (false); what was read is thrown away. */
    static boolean closedWithin(Socket s, long millis) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000;
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        while (true) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            s.setSoTimeout((int) Math.max(1, left));
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    /** Submits a valid share as an honest miner, checks it was accepted, and returns how long the answer took. */
    static long timedValidSubmit(HandMiner m) throws IOException {
        long t0 = System.nanoTime();
        JsonNode reply = m.submitValid();
        long took = System.nanoTime() - t0;
        if (!reply.get("result").asBoolean()) {
            throw new AssertionError("honest share refused: " + reply);
        }
        return took;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static long percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, i))];
    }

    static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
