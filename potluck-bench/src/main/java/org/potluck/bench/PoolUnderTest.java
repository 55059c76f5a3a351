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
public final class PoolUnderTest implements PoolProbe, AutoCloseable {
    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final int port;

    private PoolUnderTest(Process process, int port) {
        this.process = process;
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.port = port;
    }

    /**
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
                "0",
                Double.toString(difficulty),
                dataDir.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectError(workDir.resolve("pool.stderr").toFile())
                .start();
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("READY ")) {
                PoolUnderTest pool =
                        new PoolUnderTest(p, Integer.parseInt(line.substring(6).trim()));
                Thread.ofPlatform().daemon().name("pool-replies").start(() -> {
                    try {
                        while (true) {
                            pool.replies.add(lines.take());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                return pool;
            }
            if (line.startsWith("EOF")) {
                break;
            }
        }
        p.destroyForcibly();
        throw new IOException(
                "the pool did not start within 60 s; see " + workDir.resolve("pool.stderr") + " and " + logFile);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public long heapUsedAfterGc() throws InterruptedException {
        String line = ask("stats", "STATS ");
        return line == null ? -1 : Long.parseLong(line.split(" ")[1]);
    }

    @Override
    public GcTotals gcTotals() throws InterruptedException {
        return GcTotals.parse(ask("gc", "GC "));
    }

    /** Sends a command and waits up to 30 s for the reply line that starts with {@code prefix}; null if none came. */
    private String ask(String command, String prefix) throws InterruptedException {
        commands.println(command);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = replies.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
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
