package org.potluck.pool.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.potluck.pool.RegtestPool;
import org.potluck.pool.hardening.HardeningSupport.HandMiner;

/**
 * Thousands of short-lived miners (connect, subscribe, authorize, submit a few shares, disconnect) from several
 * 127.0.0.x: afterwards no session is left and file descriptors and heap are back near where they started.
 * Runs 20 s in CI; a soak of minutes: {@code -Dpotluck.soak.seconds=600} (see README.md in this folder).
 */
class ChurnSoakTest {
    private static final int SOAK_SECONDS = Integer.getInteger("potluck.soak.seconds", 20);
    private static final int WORKERS = 16;

    @Test
    void churningConnectionsLeaveNoSessionsFileDescriptorsOrHeapBehind() throws Exception {
        try (RegtestPool p = RegtestPool.start(c -> c.withStratum(HardeningSupport.stratum(c, 5, 16 * 1024, 60)))) {
            // Warm up (classes, pools, buffers) before taking the baseline.
            churn(p, 2, new AtomicInteger(), new AtomicInteger());
            await().atMost(Duration.ofSeconds(10)).until(() -> p.pool.sessionCount() == 0);
            long fdBefore = openFileDescriptors();
            p.events.forget(); // the test's own record of events is not the pool's heap
            long heapBefore = heapAfterGc();

            AtomicInteger sessions = new AtomicInteger();
            AtomicInteger shares = new AtomicInteger();
            churn(p, SOAK_SECONDS, sessions, shares);

            await().atMost(Duration.ofSeconds(10)).until(() -> p.pool.sessionCount() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> openFileDescriptors() <= fdBefore + 20);
            long fdAfter = openFileDescriptors();
            p.events.forget();
            long heapAfter = heapAfterGc();
            System.out.printf(
                    "churn soak %d s: %d sessions, %d shares accepted; fds %d -> %d; heap after GC %.1f -> %.1f MiB%n",
                    SOAK_SECONDS,
                    sessions.get(),
                    shares.get(),
                    fdBefore,
                    fdAfter,
                    heapBefore / 1048576.0,
                    heapAfter / 1048576.0);
            assertThat(sessions.get()).as("sessions churned").isGreaterThan(1000);
            assertThat(shares.get()).isGreaterThanOrEqualTo(sessions.get() * 3);
            assertThat(fdAfter).isLessThanOrEqualTo(fdBefore + 20);
            assertThat(heapAfter).as("heap after GC, bytes").isLessThan(heapBefore + 64L * 1024 * 1024);
        }
    }

    private static void churn(RegtestPool p, int seconds, AtomicInteger sessions, AtomicInteger shares)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < WORKERS; w++) {
            String source = "127.0.0." + (100 + w % 8);
            String user = RegtestPool.newAddress() + ".churn" + w;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        try (HandMiner m = new HandMiner(source, p.port(), user).handshake()) {
                            for (int i = 0; i < 3; i++) {
                                if (m.submitValid().get("result").asBoolean()) {
                                    shares.incrementAndGet();
                                }
                            }
                        }
                        sessions.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        assertThat(failures).isEmpty();
    }

    private static long openFileDescriptors() throws java.io.IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
