package org.potluck.pool.hardening;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between the pool and its node that a test can break: cut it (the node vanishes), slow it (the node
 * answers late), or make it answer HTTP 500 (the node is sick). Loopback only.
 */
final class NodeProxy implements AutoCloseable {
    enum Mode {
        PASS,
        DOWN,
        SLOW,
        HTTP_500
    }

    private final ServerSocket server;
    private final int upstreamPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMillis;

    NodeProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("node-proxy").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    void pass() {
        mode = Mode.PASS;
    }

    /** Drops every open connection and refuses new ones, as a node that crashed would. */
    void cut() {
        mode = Mode.DOWN;
        dropAll();
    }

    void slow(long millis) {
        delayMillis = millis;
        mode = Mode.SLOW;
        dropAll(); // so that kept-alive connections pick up the new mode
    }

    void http500() {
        mode = Mode.HTTP_500;
        dropAll();
    }

    private void dropAll() {
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            Mode m = mode;
            Thread.ofVirtual().start(() -> serve(client, m));
        }
    }

    private void serve(Socket client, Mode m) {
        switch (m) {
            case DOWN -> closeQuietly(client);
            case HTTP_500 -> answer500(client);
            default -> pipe(client, m == Mode.SLOW ? delayMillis : 0);
        }
    }

    private void answer500(Socket client) {
        try (client) {
            client.setSoTimeout(2000);
            InputStream in = client.getInputStream();
            byte[] buf = new byte[65536];
            int n = in.read(buf); // the request (its head at least); the answer does not depend on it
            if (n > 0) {
                String body =
                        "{\"result\":null,\"error\":{\"code\":-32603,\"message\":\"injected failure\"},\"id\":null}";
                client.getOutputStream()
                        .write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                                .getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException ignored) {
            // the pool gave up first
        }
    }

    private void pipe(Socket client, long delay) {
        Socket upstream;
        try {
            upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        Thread.ofVirtual().start(() -> copy(client, upstream, 0));
        copy(upstream, client, delay);
    }

    private void copy(Socket from, Socket to, long delay) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException ignored) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
    }
}
