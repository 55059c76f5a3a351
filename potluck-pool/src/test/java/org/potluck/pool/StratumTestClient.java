package org.potluck.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A raw line-level Stratum client for protocol tests: sends exactly the bytes a given miner sends and reads what the
 * pool answers, so a test can replay a real client's handshake.
 */
public final class StratumTestClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    /** Every line received, in order, including notifications read while waiting for a reply. */
    public final List<JsonNode> received = new ArrayList<>();

    public StratumTestClient(int port) throws IOException {
        this("127.0.0.1", port);
    }

    /** @param sourceAddress the loopback address to connect from (127.0.0.x), so tests can play several IPs */
    public StratumTestClient(String sourceAddress, int port) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    public void sendLine(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next line from the pool, or null when the pool closed the connection. */
    public JsonNode readLine() throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        JsonNode node = JSON.readTree(line);
        received.add(node);
        return node;
    }

    /** Reads until the reply with this id, keeping notifications seen on the way in {@link #received}. */
    public JsonNode reply(long id) throws IOException {
        while (true) {
            JsonNode n = readLine();
            if (n == null) {
                throw new IOException("connection closed before the reply to id " + id);
            }
            if (n.has("id") && !n.get("id").isNull() && n.get("id").asLong() == id && !n.has("method")) {
                return n;
            }
        }
    }

    /** Reads until a notification with this method. */
    public JsonNode next(String method) throws IOException {
        for (JsonNode n : received) {
            if (method.equals(n.path("method").asString(""))) {
                received.remove(n);
                return n;
            }
        }
        while (true) {
            JsonNode n = readLine();
            if (n == null) {
                throw new IOException("connection closed before " + method);
            }
            if (method.equals(n.path("method").asString(""))) {
                received.remove(n);
                return n;
            }
        }
    }

    /** True when the pool has closed the connection (reads until end of stream or timeout). */
    public boolean closedByPool(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
