package org.potluck.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Potluck in a child JVM, optionally pinned to one core with {@code taskset}: started with this JVM's own class path,
 * logging to a file, and asked for its heap over stdin. Its RSS is read from /proc.
 */
public final class PoolUnderTest implements AutoCloseable {
    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> lines;
    private final long spawnNanos;
    private final Path workDir;
    private int port = -1;

    private PoolUnderTest(Process process, BlockingQueue<String> lines, long spawnNanos, Path workDir) {
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.lines = lines;
        this.spawnNanos = spawnNanos;
        this.workDir = workDir;
    }

    /**
     * Starts the pool and waits until it says miners may connect.
     *
     * @param core      the CPU to pin the pool to, or -1 for no pinning
     * @param jvmFlags  extra flags for the pool's JVM (e.g. JFR)
     */
    public static PoolUnderTest start(
            StandInNode node,
            String user,
            String password,
            double difficulty,
            int core,
            Path workDir,
            List<String> jvmFlags)
            throws IOException, InterruptedException {
        PoolUnderTest pool = spawn(node, user, password, difficulty, core, 0, workDir, jvmFlags);
        pool.awaitReady();
        return pool;
    }

    /**
     * Starts the pool without waiting for it ({@code --cold} measures from here: {@link #spawnNanos()}).
     *
     * @param stratumPort the port to listen on, 0 for any (then known after {@link #awaitReady()})
     */
    public static PoolUnderTest spawn(
            StandInNode node,
            String user,
            String password,
            double difficulty,
            int core,
            int stratumPort,
            Path workDir,
            List<String> jvmFlags)
            throws IOException {
        Files.createDirectories(workDir);
        Path dataDir = Files.createTempDirectory(workDir, "pool-data-");
        Path logConfig = workDir.resolve("pool-logback.xml");
        Path logFile = workDir.resolve("pool.log");
        Files.writeString(logConfig, """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level %%logger{20} %%msg%%n</pattern></encoder>
                  </appender>
                  <logger name="org.potluck.node.NodeWatcher" level="DEBUG"/>
                  <root level="INFO"><appender-ref ref="FILE"/></root>
                </configuration>
                """.formatted(logFile));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        if (core >= 0) {
            cmd.addAll(List.of("taskset", "-c", Integer.toString(core)));
        }
        cmd.add(java);
        cmd.add("-Xmx2g");
        cmd.add("-Xmn32m"); // as the potluck launcher runs the pool (`potluck run`); --pool-jvm-option can override it
        cmd.add("--enable-native-access=ALL-UNNAMED"); // as the potluck launcher runs it: Netty uses its fast paths
        cmd.add("-Dlogback.configurationFile=" + logConfig);
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                PoolProcess.class.getName(),
                node.rpcUrl(),
                user,
                password,
                node.zmqUrl(),
                Integer.toString(stratumPort),
                Double.toString(difficulty),
                dataDir.toString()));
        var builder = new ProcessBuilder(cmd)
                .redirectError(workDir.resolve("pool.stderr").toFile());
        long spawnNanos = System.nanoTime();
        Process p = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().name("pool-stdout").start(() -> {
            try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("EOF " + e);
            }
            lines.add("EOF");
        });
        return new PoolUnderTest(p, lines, spawnNanos, workDir);
    }

    /** Waits for the pool's READY line (at most 60 s) and learns its port from it. */
    public void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("READY ")) {
                port = Integer.parseInt(line.substring(6).trim());
                return;
            }
            if (line.startsWith("EOF")) {
                break;
            }
        }
        process.destroyForcibly();
        throw new IOException("the pool did not start within 60 s; see " + workDir.resolve("pool.stderr") + " and "
                + workDir.resolve("pool.log"));
    }

    public int port() {
        return port;
    }

    /** System.nanoTime() just before the pool's process was started. */
    public long spawnNanos() {
        return spawnNanos;
    }

    public long pid() {
        return process.pid();
    }

    /** Heap in use after a full GC (bytes); -1 if the pool did not answer. */
    public long heapUsedAfterGc() throws InterruptedException {
        String line = ask("stats", "STATS ", 30);
        return line == null ? -1 : Long.parseLong(line.split(" ")[1]);
    }

    /** The pool's collector totals so far; null if it did not answer. */
    public GcTotals gcTotals() throws InterruptedException {
        return GcTotals.parse(ask("gc", "GC ", 30));
    }

    /** The pool's heap as it is now, without collecting: in use, in use in the old generation, GC time so far. */
    public MemorySampler.Heap heapNow() throws InterruptedException {
        String line = ask("heap", "HEAP ", 5);
        if (line == null) {
            return MemorySampler.Heap.UNKNOWN;
        }
        String[] f = line.split(" ");
        return new MemorySampler.Heap(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
    }

    /** One command, one answer line (lines of other kinds, e.g. a late answer to an earlier ask, are dropped). */
    private synchronized String ask(String command, String answerPrefix, int timeoutSeconds)
            throws InterruptedException {
        commands.println(command);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(answerPrefix)) {
                return line;
            }
        }
        return null;
    }

    /**
     * User plus system CPU time of a process and all its threads, in seconds, from /proc/PID/stat (fields 14 and 15,
     * in clock ticks of 1/100 s: USER_HZ is 100 on Linux x86-64); -1 when it cannot be read.
     */
    public static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS of a process in bytes, from /proc; -1 when it cannot be read. */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        commands.println("stop");
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
