package org.potluck.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel's price of one small TCP send on loopback, measured without any pool: N connected loopback sockets, and one
 * thread writing one line to each sender in turn, as a pool fans a new job out. On loopback the
 * sending syscall also runs the receiver's TCP input, so the figure is the whole per-connection cost a fan-out on one
 * core cannot go below, whatever the pool's language or design.
 *
 * <p>Nothing reads during the rounds: every receive buffer holds far more than the few lines it gets, so no write ever
 * blocks or comes up short.
 */
final class SendFloor implements AutoCloseable {
    private final ServerSocketChannel listener; // null when the receivers live in a child JVM
    private final Process receiverProcess; // null when they live here
    private final List<SocketChannel> senders;
    private final List<SocketChannel> receivers;

    private SendFloor(
            ServerSocketChannel listener,
            Process receiverProcess,
            List<SocketChannel> senders,
            List<SocketChannel> receivers) {
        this.listener = listener;
        this.receiverProcess = receiverProcess;
        this.senders = senders;
        this.receivers = receivers;
    }

    /** The figures of one measurement: the time of each round's loop over every socket. */
    record Report(int sockets, int lineBytes, long[] roundNanos) {
        Report {
            if (roundNanos.length == 0) {
                throw new IllegalArgumentException("a report needs at least one round");
            }
            roundNanos = roundNanos.clone();
        }

        long minNanos() {
            return Arrays.stream(roundNanos).min().orElseThrow();
        }

        /** The middle round (the lower middle of an even count). */
        long medianNanos() {
            long[] sorted = roundNanos.clone();
            Arrays.sort(sorted);
            return sorted[(sorted.length - 1) / 2];
        }

        String summary() {
            return String.format(
                    "send floor: %d sockets, %d-byte line each: %.0f ms per round (%.1f us per send), median of %d;"
                            + " best round %.0f ms (%.1f us per send)",
                    sockets,
                    lineBytes,
                    medianNanos() / 1e6,
                    medianNanos() / 1e3 / sockets,
                    roundNanos.length,
                    minNanos() / 1e6,
                    minNanos() / 1e3 / sockets);
        }
    }

    /**
     * Connects {@code sockets} loopback pairs. Clients bind to 127.0.0.2 upwards ({@code sourceAddresses} of them) as
     * the load generator does, so the ephemeral ports of one address never run out. Both ends stay in this process
     * when its descriptor limit allows two per socket; otherwise the receiving ends are held by a {@link SendFloorReceiver}
     * child JVM (the kernel work per send is the same: on loopback it all runs in the sender's syscall).
     */
    static SendFloor open(int sockets, int sourceAddresses) throws IOException {
        long limit = fileDescriptorLimit();
        return open(sockets, sourceAddresses, limit >= 0 && limit < 2L * sockets + 200);
    }

    static SendFloor open(int sockets, int sourceAddresses, boolean receiversInChild) throws IOException {
        if (sockets < 1) {
            throw new IllegalArgumentException("sockets must be at least 1, got " + sockets);
        }
        if (sourceAddresses < 1 || sourceAddresses > 250) {
            throw new IllegalArgumentException("source addresses must be 1..250, got " + sourceAddresses);
        }
        long limit = fileDescriptorLimit();
        boolean here = !receiversInChild;
        if (limit >= 0 && limit < sockets + 200L) {
            throw new IOException("the send floor needs " + (sockets + 200) + " file descriptors, the limit is " + limit
                    + ": use fewer --miners or a higher ulimit -n");
        }
        List<SocketChannel> senders = new ArrayList<>(sockets);
        List<SocketChannel> receivers = new ArrayList<>(here ? sockets : 0);
        ServerSocketChannel listener = null;
        Process child = null;
        BufferedReader childOut = null;
        InetSocketAddress remote;
        if (here) {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
            remote = (InetSocketAddress) listener.getLocalAddress();
        } else {
            String java = ProcessHandle.current().info().command().orElse("java");
            child = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            SendFloorReceiver.class.getName(),
                            Integer.toString(sockets))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            childOut = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
            remote = new InetSocketAddress("127.0.0.1", Integer.parseInt(expectLine(childOut, child, "READY ")));
        }
        SendFloor floor = new SendFloor(listener, child, senders, receivers);
        try {
            for (int i = 0; i < sockets; i++) {
                SocketChannel sender = SocketChannel.open();
                senders.add(sender);
                sender.setOption(
                        StandardSocketOptions.TCP_NODELAY, true); // as a pool's sockets: each line leaves at once
                sender.bind(new InetSocketAddress("127.0.0." + (2 + i % sourceAddresses), 0));
                sender.connect(remote); // blocking: returns once the handshake is done, so accept never waits long
                if (listener != null) {
                    receivers.add(listener.accept());
                }
                sender.configureBlocking(false);
            }
            if (childOut != null) {
                expectLine(childOut, child, "ACCEPTED "); // nothing of the setup may still run during the rounds
            }
            return floor;
        } catch (IOException | RuntimeException e) {
            floor.close();
            throw new IOException(
                    "could not open " + sockets + " loopback connections (got " + senders.size() + "): " + e, e);
        }
    }

    private static String expectLine(BufferedReader out, Process child, String prefix) throws IOException {
        String line = out.readLine();
        if (line == null || !line.startsWith(prefix)) {
            child.destroyForcibly();
            throw new IOException(
                    "send floor receiver JVM said " + (line == null ? "nothing (exited)" : "\"" + line + "\"")
                            + " where \"" + prefix + "...\" was expected");
        }
        return line.substring(prefix.length()).strip();
    }

    /** Runs {@code rounds} timed rounds of one {@code lineBytes} line to every socket. */
    static Report measure(int sockets, int lineBytes, int rounds, int sourceAddresses) throws IOException {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        ByteBuffer line = line(lineBytes);
        try (SendFloor floor = open(sockets, sourceAddresses)) {
            floor.sendOneLineEach(line); // warm-up: JIT and the first use of every socket's buffers, not timed
            long[] nanos = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                nanos[r] = floor.sendOneLineEach(line);
            }
            return new Report(sockets, lineBytes, nanos);
        }
    }

    /**
     * Writes {@code line} (from its position to its limit; left unchanged) to every sender from this one thread and
     * returns how long the loop took.
     *
     * @throws IOException if a socket took less than the whole line (its receiver would have to be drained first)
     */
    long sendOneLineEach(ByteBuffer line) throws IOException {
        int position = line.position();
        int length = line.remaining();
        long start = System.nanoTime();
        for (int i = 0, n = senders.size(); i < n; i++) {
            line.position(position);
            if (senders.get(i).write(line) != length) {
                throw new IOException(
                        "socket " + i + " took only part of a " + length + "-byte line: its buffers are full");
            }
        }
        long elapsed = System.nanoTime() - start;
        line.position(position);
        return elapsed;
    }

    /** The accepted ends, in the order of the senders, for checking what arrived; empty when a child JVM holds them. */
    List<SocketChannel> receivers() {
        return List.copyOf(receivers);
    }

    /** A newline-terminated ASCII line of exactly {@code bytes} bytes in a direct buffer, as a pool would send. */
    static ByteBuffer line(int bytes) {
        if (bytes < 2) {
            throw new IllegalArgumentException("a line needs at least 2 bytes, got " + bytes);
        }
        byte[] text = new byte[bytes];
        byte[] hex = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < bytes - 1; i++) {
            text[i] = hex[i % 16];
        }
        text[bytes - 1] = '\n';
        return ByteBuffer.allocateDirect(bytes).put(text).flip();
    }

    private static long fileDescriptorLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    @Override
    public void close() {
        for (SocketChannel s : senders) {
            closeQuietly(s);
        }
        for (SocketChannel r : receivers) {
            closeQuietly(r);
        }
        if (listener != null) {
            closeQuietly(listener);
        }
        if (receiverProcess != null) {
            closeQuietly(receiverProcess.getOutputStream()); // its signal to close and exit
            try {
                if (!receiverProcess.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    receiverProcess.destroyForcibly();
                }
            } catch (InterruptedException e) {
                receiverProcess.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing after a measurement: nothing left to lose
        }
    }
}
