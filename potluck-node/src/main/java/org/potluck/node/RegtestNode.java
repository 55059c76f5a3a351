package org.potluck.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real full node (bcoin, see /work/shared/design/regtest-node.md) on regtest, in memory, RPC on loopback only,
 * for tests and {@code potluck demo}. Installs bcoin with npm the first time. The process dies with the JVM.
 */
public final class RegtestNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegtestNode.class);
    static final String BCOIN_VERSION = "1.0.2";
    // bcoin pins leveldown 4.0.1, which no longer builds on Node 20; 5.6.0 ships prebuilt binaries.
    private static final String PACKAGE_JSON = """
            {"name":"regtest-node","private":true,"dependencies":{"bcoin":"%s"},"overrides":{"leveldown":"5.6.0"}}
            """.formatted(BCOIN_VERSION);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private final Process process;
    private final Path prefix;
    private final Path logFile;
    private final int rpcPort;
    private final String apiKey;
    private final NodeEndpoint endpoint;
    private final NodeRpc rpc;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private RegtestNode(Process process, Path prefix, Path logFile, int rpcPort, String apiKey, Thread shutdownHook) {
        this.process = process;
        this.prefix = prefix;
        this.logFile = logFile;
        this.rpcPort = rpcPort;
        this.apiKey = apiKey;
        this.shutdownHook = shutdownHook;
        this.endpoint = new NodeEndpoint(
                URI.create("http://127.0.0.1:" + rpcPort + "/"), new RpcAuth.UserPassword("potluck", apiKey), null);
        this.rpc = new NodeRpc(endpoint);
    }

    /** {@code $POTLUCK_HOME/regtest-node}, or {@code ~/.potluck/regtest-node}. */
    public static Path defaultInstallDir() {
        String home = System.getenv("POTLUCK_HOME");
        Path base =
                home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".potluck");
        return base.resolve("regtest-node");
    }

    /** Starts a node on a free loopback port with a random API key. */
    public static RegtestNode start(Path installDir, Path logFile) throws IOException {
        return start(installDir, logFile, 0, null);
    }

    /**
     * Starts a node on the given RPC port (0 = any free one) and API key (null = random); a fixed port and key let a
     * test bring "the same" node back after closing it.
     */
    public static RegtestNode start(Path installDir, Path logFile, int rpcPort, String apiKey) throws IOException {
        installDir = installDir.toAbsolutePath();
        if (logFile == null) {
            logFile = installDir.resolve("regtest-node.log");
        }
        logFile = logFile.toAbsolutePath();
        Files.createDirectories(logFile.getParent());
        ensureInstalled(installDir, logFile);

        int port = rpcPort == 0 ? freePort() : rpcPort;
        String key = apiKey != null ? apiKey : randomKey();
        Path prefix = Files.createTempDirectory("potluck-bcoin-");
        List<String> command = List.of(
                nodeExecutable(),
                installDir.resolve("node_modules/bcoin/bin/node").toString(),
                "--network=regtest",
                "--memory=true",
                "--workers=false",
                // The wallet plugin would open a second HTTP server on a fixed port; tests build addresses themselves.
                "--no-wallet=true",
                // bcoin reads bcoin.conf from and writes into its prefix: a private folder keeps runs apart.
                "--prefix=" + prefix,
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--api-key=" + key,
                "--listen=false",
                "--port=" + freePort(),
                "--log-level=warning");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(installDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // bcoin also reads BCOIN_* variables; the test node must not pick up a developer's settings.
        pb.environment().keySet().removeIf(k -> k.toUpperCase(Locale.ROOT).startsWith("BCOIN_"));
        appendToLog(logFile, "--- starting bcoin regtest node on 127.0.0.1:" + port);
        Process process = pb.start();
        Thread hook = Thread.ofPlatform().unstarted(() -> kill(process));
        Runtime.getRuntime().addShutdownHook(hook);
        RegtestNode node = new RegtestNode(process, prefix, logFile, port, key, hook);
        try {
            node.awaitRpc();
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
        log.info("bcoin regtest node up on 127.0.0.1:{} (log {})", port, logFile);
        return node;
    }

    public NodeEndpoint endpoint() {
        return endpoint;
    }

    public NodeRpc rpc() {
        return rpc;
    }

    public int rpcPort() {
        return rpcPort;
    }

    public String apiKey() {
        return apiKey;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the node (and anything it spawned) and waits for it to be gone. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        rpc.close();
        kill(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to: nothing left to undo
        }
        deleteRecursively(prefix);
    }

    private void awaitRpc() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (NodeRpc probe = new NodeRpc(endpoint, Duration.ofSeconds(2))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("bcoin regtest node exited with code " + process.exitValue()
                            + " before answering RPC. Log tail (" + logFile + "):\n" + logTail(logFile));
                }
                try {
                    probe.getBlockCount();
                    return;
                } catch (NodeUnavailableException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException(
                                "bcoin regtest node did not answer RPC on 127.0.0.1:" + rpcPort
                                        + " within " + START_TIMEOUT.toSeconds() + " s. Log tail (" + logFile + "):\n"
                                        + logTail(logFile),
                                notYet);
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the regtest node", e);
                }
            }
        }
    }

    /**
     * Runs npm once per install folder. A file lock keeps two JVMs (parallel module builds) from installing into the
     * same folder at once.
     */
    private static void ensureInstalled(Path installDir, Path logFile) throws IOException {
        if (isInstalled(installDir)) {
            return;
        }
        Files.createDirectories(installDir);
        try (FileChannel lockFile = FileChannel.open(
                        installDir.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            if (isInstalled(installDir)) {
                return;
            }
            String message = "Installing the bcoin " + BCOIN_VERSION + " regtest node into " + installDir
                    + " with npm (one time only; this takes a minute)...";
            System.out.println(message);
            log.info(message);
            appendToLog(logFile, message);
            Files.writeString(installDir.resolve("package.json"), PACKAGE_JSON, StandardCharsets.UTF_8);
            Process npm = new ProcessBuilder(npmExecutable(), "install", "--no-audit", "--no-fund")
                    .directory(installDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            boolean finished = npm.waitFor(INSTALL_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
            if (!finished) {
                kill(npm);
                throw new IOException("npm install of bcoin did not finish within " + INSTALL_TIMEOUT.toMinutes()
                        + " minutes. Log tail (" + logFile + "):\n" + logTail(logFile));
            }
            if (npm.exitValue() != 0 || !isInstalled(installDir)) {
                throw new IOException("npm install of bcoin failed (exit " + npm.exitValue() + ") in " + installDir
                        + ". Log tail (" + logFile + "):\n" + logTail(logFile));
            }
            System.out.println("bcoin installed.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing bcoin", e);
        }
    }

    private static boolean isInstalled(Path installDir) {
        return Files.isRegularFile(installDir.resolve("node_modules/bcoin/bin/node"));
    }

    private static String nodeExecutable() {
        return isWindows() ? "node.exe" : "node";
    }

    private static String npmExecutable() {
        return isWindows() ? "npm.cmd" : "npm";
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static void kill(Process process) {
        List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String randomKey() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void appendToLog(Path logFile, String line) throws IOException {
        Files.writeString(
                logFile,
                line + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    static String logTail(Path logFile) {
        try {
            List<String> lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
