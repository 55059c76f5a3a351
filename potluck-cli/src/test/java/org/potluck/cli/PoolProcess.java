package org.potluck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** `potluck run --config FILE` in a JVM of its own, so that a test can kill it the hard way (SIGKILL). */
final class PoolProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private PoolProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static PoolProcess run(Path config, Path log, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        var pool = new PoolProcess(start(log, env, "run", "--config", config.toString()), log);
        pool.awaitLog("potluck is running", Duration.ofSeconds(60));
        return pool;
    }

    /** A command that is expected to end by itself: its exit code and everything it printed. */
    record Ended(int exitCode, String output) {}

    static Ended runToEnd(Path log, Duration timeout, String... args) throws IOException, InterruptedException {
        Process process = start(log, java.util.Map.of(), args);
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("potluck " + String.join(" ", args) + " did not end within " + timeout
                    + ":\n" + Files.readString(log));
        }
        return new Ended(process.exitValue(), Files.readString(log));
    }

    private static Process start(Path log, java.util.Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "pool exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "pool did not log \"" + text + "\" within " + timeout + ":\n" + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the miners. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            killHard();
        }
    }
}
