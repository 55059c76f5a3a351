package org.potluck.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pool's memory over a measured period: its RSS (from /proc, any pool with a known pid) and, for Potluck, its heap
 * as the JVM reports it without collecting, sampled on a thread of its own so that a slow answer from a loaded pool
 * does not hold up the load. Under an offered load above capacity this shows whether unanswered work piles up.
 */
final class MemorySampler implements AutoCloseable {
    /** The heap in bytes (in use; in use in the old generation) and the GC time so far; -1 when unknown. */
    record Heap(long used, long oldGeneration, long gcMillis) {
        static final Heap UNKNOWN = new Heap(-1, -1, -1);
    }

    /** One sample, {@code seconds} after the period started. */
    record Sample(double seconds, long rss, Heap heap) {}

    interface HeapProbe {
        Heap heapNow() throws InterruptedException;
    }

    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    private MemorySampler(long pid, HeapProbe heap, Duration every, String name) {
        long start = System.nanoTime();
        thread = Thread.ofPlatform().daemon().name("memory-sampler").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long rss = pid > 0 ? PoolUnderTest.rssBytes(pid) : -1;
                    Heap h = heap.heapNow();
                    var sample = new Sample((System.nanoTime() - start) / 1e9, rss, h);
                    samples.add(sample);
                    System.out.println(name + ": " + describe(sample));
                    Thread.sleep(every.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Starts sampling now, every {@code every}, printing each sample as {@code name: t=... RSS ...}. */
    static MemorySampler start(long pid, HeapProbe heap, Duration every, String name) {
        return new MemorySampler(pid, heap, every, name);
    }

    /** Stops sampling and returns what was taken. */
    List<Sample> stop() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static String describe(Sample s) {
        String heap = s.heap().used() < 0
                ? ""
                : String.format(
                        ", heap %s MB in use, %s MB of it in the old generation, GC %.1f s so far",
                        mb(s.heap().used()),
                        mb(s.heap().oldGeneration()),
                        s.heap().gcMillis() / 1000.0);
        return String.format("t=%.0f s: RSS %s MB%s", s.seconds(), mb(s.rss()), heap);
    }

    /** "first → max → last" of the RSS samples, in MB ("n/a" without any). */
    static String rssSummary(List<Sample> samples) {
        List<Long> rss = samples.stream().map(Sample::rss).filter(r -> r >= 0).toList();
        if (rss.isEmpty()) {
            return "n/a";
        }
        return mb(rss.getFirst()) + " → " + mb(Collections.max(rss)) + " → " + mb(rss.getLast());
    }

    /** Old generation in use: "first → max → last" in MB, and the growth per second from first to last. */
    static String heapSummary(List<Sample> samples) {
        List<Sample> known =
                samples.stream().filter(s -> s.heap().oldGeneration() >= 0).toList();
        if (known.size() < 2) {
            return "n/a";
        }
        long max = known.stream().mapToLong(s -> s.heap().oldGeneration()).max().orElseThrow();
        Sample first = known.getFirst();
        Sample last = known.getLast();
        double perSecond = (last.heap().oldGeneration() - first.heap().oldGeneration())
                / Math.max(1e-9, last.seconds() - first.seconds());
        return String.format(
                "%s → %s → %s (%+.1f MB/s)",
                mb(first.heap().oldGeneration()), mb(max), mb(last.heap().oldGeneration()), perSecond / 1048576.0);
    }

    /** GC time between the first and the last sample, in seconds ("n/a" for a pool without a heap probe). */
    static String gcSummary(List<Sample> samples) {
        List<Sample> known =
                samples.stream().filter(s -> s.heap().gcMillis() >= 0).toList();
        if (known.size() < 2) {
            return "n/a";
        }
        return String.format(
                "%.1f s in %.0f s",
                (known.getLast().heap().gcMillis() - known.getFirst().heap().gcMillis()) / 1000.0,
                known.getLast().seconds() - known.getFirst().seconds());
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%.0f", bytes / 1048576.0);
    }
}
