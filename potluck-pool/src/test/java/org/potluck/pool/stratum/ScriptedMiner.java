package org.potluck.pool.stratum;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.potluck.pool.StratumTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A miner played line by line over a real socket: sends the exact lines a test chooses and keeps just the state a miner
 * needs to mine (extranonce1, extranonce2 size, the difficulty in force, the latest work). Replies may arrive out of
 * order (an accepted share is answered only once it is on disk, a rejected one at once), so they are looked up by id.
 */
final class ScriptedMiner implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final StratumTestClient client;
    private long nextId = 1;
    /** Index in {@code client.received} of the first message not yet looked at by {@link #nextNotification()}. */
    private int cursor;

    String extranonce1;
    int extranonce2Size;
    /** The user this miner authorized as, once it did. */
    private String user;
    /** The difficulty of the last set_difficulty read, which applies to the notifies after it. */
    double difficulty = Double.NaN;

    ScriptedMiner(int port) throws IOException {
        this("127.0.0.1", port);
    }

    ScriptedMiner(String sourceAddress, int port) throws IOException {
        client = new StratumTestClient(sourceAddress, port);
    }

    /** A miner from 127.0.0.1 that has subscribed and authorized as {@code user} and holds its first work. */
    static ScriptedMiner ready(int port, String user) throws IOException {
        return ready("127.0.0.1", port, user);
    }

    static ScriptedMiner ready(String sourceAddress, int port, String user) throws IOException {
        var miner = new ScriptedMiner(sourceAddress, port);
        miner.subscribe("test-miner/1.0");
        JsonNode auth = miner.call("mining.authorize", user, "x");
        if (!auth.path("result").asBoolean(false)) {
            throw new IllegalStateException("authorize refused: " + auth);
        }
        miner.user = user;
        return miner;
    }

    String user() {
        return user;
    }

    /** Sends a line as it is, for replaying a real client byte for byte; the caller picks the id. */
    void sendLine(String line) throws IOException {
        client.sendLine(line);
    }

    /** Sends a request with the next id; returns the id. */
    long send(String method, Object... params) throws IOException {
        long id = nextId++;
        client.sendLine(requestLine(id, method, params));
        return id;
    }

    static String requestLine(long id, String method, Object... params) {
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(Arrays.asList(params)));
        return JSON.writeValueAsString(msg);
    }

    JsonNode call(String method, Object... params) throws IOException {
        return reply(send(method, params));
    }

    JsonNode subscribe(String userAgent) throws IOException {
        return rememberSubscription(call("mining.subscribe", userAgent));
    }

    /** Takes extranonce1 and its size from a subscribe reply. */
    JsonNode rememberSubscription(JsonNode reply) {
        JsonNode result = reply.get("result");
        extranonce1 = result.get(1).asString();
        extranonce2Size = result.get(2).asInt();
        return reply;
    }

    /** The reply to request {@code id}, whether it already arrived or is still to come. */
    JsonNode reply(long id) throws IOException {
        for (JsonNode n : client.received) {
            if (isReplyTo(n, id)) {
                return n;
            }
        }
        while (true) {
            JsonNode n = client.readLine();
            if (n == null) {
                throw new IOException("connection closed before the reply to id " + id);
            }
            if (isReplyTo(n, id)) {
                return n;
            }
        }
    }

    private static boolean isReplyTo(JsonNode n, long id) {
        return !n.has("method") && n.path("id").isNumber() && n.get("id").asLong() == id;
    }

    /** The next message from the pool that is a notification (has a method), in the order the pool sent them. */
    JsonNode nextNotification() throws IOException {
        while (true) {
            while (cursor < client.received.size()) {
                JsonNode n = client.received.get(cursor++);
                if (n.has("method")) {
                    if (n.get("method").asString().equals("mining.set_difficulty")) {
                        difficulty = n.get("params").get(0).asDouble();
                    }
                    return n;
                }
            }
            if (client.readLine() == null) {
                throw new IOException("connection closed while waiting for a notification");
            }
        }
    }

    /** Reads notifications up to the next mining.notify; returns it as work at the difficulty then in force. */
    Work nextWork() throws IOException {
        while (true) {
            JsonNode n = nextNotification();
            if (n.get("method").asString().equals("mining.notify")) {
                return Work.of(n.get("params"), difficulty, extranonce1, extranonce2Size);
            }
        }
    }

    /** Reads notifications up to a clean notify (the first work after a block change). */
    Work nextCleanWork() throws IOException {
        while (true) {
            Work w = nextWork();
            if (w.clean()) {
                return w;
            }
        }
    }

    /** Submit params in the order of mining.submit; {@code versionBits} null leaves out the sixth. */
    static Object[] submitParams(
            String user, String jobId, String extranonce2, String ntime, String nonce, String versionBits) {
        List<Object> p = new ArrayList<>(List.of(user, jobId, extranonce2, ntime, nonce));
        if (versionBits != null) {
            p.add(versionBits);
        }
        return p.toArray();
    }

    JsonNode submit(String user, Work work, ShareGrinder.Solution s) throws IOException {
        return call(
                "mining.submit",
                submitParams(user, work.jobId(), s.extranonce2(), s.ntime(), s.nonce(), s.versionBits()));
    }

    boolean closedByPool(int timeoutMillis) throws IOException {
        return client.closedByPool(timeoutMillis);
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
