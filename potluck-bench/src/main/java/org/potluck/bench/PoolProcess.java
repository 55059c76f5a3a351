package org.potluck.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.potluck.node.NodeConfig;
import org.potluck.node.NodeTiming;
import org.potluck.pool.Pool;
import org.potluck.pool.PoolListener;
import org.potluck.pool.config.PoolConfig;
import org.potluck.store.StorageConfig;

/**
 * The pool under test, alone in its own JVM (so that its RSS is its own and it can be pinned to a core). Started by
 * {@link PoolUnderTest}; it prints {@code READY <port>} when miners may connect and answers {@code stats} on stdin with
 * {@code STATS <heap bytes used after a full GC> <sessions>}, {@code gc} with its collector totals
 * ({@link GcTotals#line()}), and {@code heap} with
 * {@code HEAP <heap bytes in use> <old generation bytes in use> <collection time in ms, all so far>}
 * without collecting (a sample taken under load must not change the load's GC).
 *
 * <p>Arguments: rpcUrl user password zmqUrl stratumPort difficulty dataDir
 */
public final class PoolProcess {
    private PoolProcess() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: PoolProcess rpcUrl user password zmqUrl stratumPort difficulty dataDir");
            System.exit(2);
        }
        double difficulty = Double.parseDouble(args[5]);
        PoolConfig config = config(args[0], args[1], args[2], args[3], Integer.parseInt(args[4]), difficulty, args[6]);
        try (Pool pool = new Pool(config, new PoolListener() {}).start()) {
            System.out.println("READY " + pool.stratumAddress().getPort());
            System.out.flush();
            var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command;
            while ((command = in.readLine()) != null && !command.equals("stop")) {
                if (command.equals("stats")) {
                    System.gc();
                    System.gc();
                    long used = ManagementFactory.getMemoryMXBean()
                            .getHeapMemoryUsage()
                            .getUsed();
                    System.out.println("STATS " + used + " " + pool.sessionCount());
                    System.out.flush();
                } else if (command.equals("gc")) {
                    System.out.println(GcTotals.ofThisJvm().line());
                    System.out.flush();
                } else if (command.equals("heap")) {
                    System.out.println(heapSample());
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }

    /**
     * The HEAP line. The old generation is every heap pool but eden and survivor: what outlived young collections. Its
     * usage now, not as the last collection of it left it, which with SerialGC is only updated by a full GC and so
     * would hide shares in flight being promoted under overload (seen: 19 MB "after the last GC" while 1.2 GB were
     * in use).
     */
    static String heapSample() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long old = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == java.lang.management.MemoryType.HEAP
                    && !name.contains("Eden")
                    && !name.contains("Survivor")) {
                old += pool.getUsage().getUsed();
            }
        }
        return "HEAP " + used + " " + old + " " + GcTotals.ofThisJvm().millis();
    }

    /**
     * Mainnet, solo payout, and one fixed share difficulty (vardiff pinned: min = start = max) so low that any hash
     * meets it: every well-formed share is accepted and journaled, the heaviest path a share can take short of a block.
     */
    static PoolConfig config(
            String rpcUrl, String user, String password, String zmqUrl, int port, double difficulty, String dataDir) {
        var stratum = new PoolConfig.StratumConfig(
                        "127.0.0.1",
                        port,
                        difficulty,
                        difficulty,
                        difficulty,
                        10,
                        0x1fffe000,
                        8,
                        "potluck-bench",
                        16 * 1024,
                        60,
                        60)
                // The load generator plays thousands of miners from a few loopback addresses: no per-address cap.
                .withConnectionLimits(Integer.MAX_VALUE, 0, PoolConfig.StratumConfig.DEFAULT_SLOW_READER_CLOSE_SECONDS);
        return new PoolConfig(
                "main",
                stratum,
                List.of(new NodeConfig(rpcUrl, user, password, null, zmqUrl)),
                new NodeTiming(500, 30),
                PoolConfig.PayoutConfig.solo(),
                dataDir,
                StorageConfig.DEFAULT);
    }
}
