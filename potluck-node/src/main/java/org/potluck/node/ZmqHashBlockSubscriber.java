package org.potluck.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Subscribes to a node's {@code -zmqpubhashblock} feed: multipart {@code ["hashblock", 32-byte hash, LE u32 seq]}
 * (Bitcoin Core doc/zmq.md). Only a hint that the tip moved; the watcher asks RPC for the truth, so a missed or
 * malformed message costs at most one poll interval.
 */
final class ZmqHashBlockSubscriber implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ZmqHashBlockSubscriber.class);
    private static final byte[] TOPIC = "hashblock".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    // Short so close() is noticed quickly; JeroMQ must not be interrupted (it would break its selector).
    private static final int RECEIVE_TIMEOUT_MS = 200;
    private static final int HANDSHAKE_DEADLINE_MS = 1_000;

    private final String address;
    private final Consumer<String> onBlock;
    private volatile boolean running = true;
    private Thread thread;

    ZmqHashBlockSubscriber(String address, Consumer<String> onBlock) {
        this.address = address;
        this.onBlock = onBlock;
    }

    void start() {
        // A platform thread: JeroMQ blocks in its own selector and signalling pipes, which a virtual thread would pin
        // to one of the few carrier threads, delaying the block announcement behind unrelated virtual-thread work.
        thread = Thread.ofPlatform().daemon().name("potluck-zmq " + address).start(this::run);
    }

    private void run() {
        try (ZContext context = new ZContext()) {
            ZMQ.Socket socket = context.createSocket(SocketType.SUB);
            socket.setReceiveTimeOut(RECEIVE_TIMEOUT_MS);
            // JeroMQ 0.6.0 leaves about one connection in a hundred stuck in the ZMTP greeting: the publisher's
            // first 10 bytes sit unread in the socket and no message ever arrives (300 fresh PUB/SUB pairs on
            // loopback, 3 never joined within 15 s). A handshake deadline closes such a connection and redials.
            socket.setHandshakeIvl(HANDSHAKE_DEADLINE_MS);
            socket.subscribe(TOPIC);
            socket.connect(address);
            log.debug("listening for hashblock on {}", address);
            while (running) {
                byte[] first = socket.recv();
                if (first == null) {
                    continue;
                }
                List<byte[]> parts = new ArrayList<>();
                parts.add(first);
                while (socket.hasReceiveMore()) {
                    parts.add(socket.recv());
                }
                handle(parts);
            }
        } catch (RuntimeException e) {
            if (running) {
                log.warn("ZMQ subscriber for {} stopped: {}; block polling continues", address, e.toString());
            }
        }
    }

    private void handle(List<byte[]> parts) {
        if (parts.size() < 2
                || !Arrays.equals(parts.get(0), TOPIC)
                || parts.get(1) == null
                || parts.get(1).length != 32) {
            log.debug("ignoring malformed ZMQ message from {} ({} parts)", address, parts.size());
            return;
        }
        String hash = HexFormat.of().formatHex(parts.get(1));
        log.debug("ZMQ hashblock {} from {}", hash, address);
        onBlock.accept(hash);
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
