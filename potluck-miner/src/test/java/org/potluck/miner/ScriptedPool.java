package org.potluck.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.potluck.stratum.Notify;
import org.potluck.stratum.StratumMessages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A Stratum v1 "pool" the test drives line by line on 127.0.0.1, to script exactly what the miner sees. */
final class ScriptedPool implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final ServerSocket server;

    ScriptedPool() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    int port() {
        return server.getLocalPort();
    }

    Connection accept() throws IOException {
        server.setSoTimeout(10_000);
        try {
            return new Connection(server.accept());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the miner did not connect to port " + port() + " within 10 s", e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** One accepted miner connection; a virtual thread queues every line the miner sends. */
    static final class Connection implements AutoCloseable {
        private static final JsonNode END = JSON.createObjectNode().put("end", true);
        private final Socket socket;
        private final OutputStream out;
        private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            Thread.ofVirtual().start(() -> {
                try {
                    String line;
                    while ((line = in.readLine()) != null) {
                        inbox.add(JSON.readTree(line));
                    }
                } catch (IOException | RuntimeException e) {
                    // the test closed the socket
                }
                inbox.add(END);
            });
        }

        /** The next line from the miner; fails the test after 10 s of silence or when the miner hung up. */
        JsonNode next() throws InterruptedException {
            JsonNode m = inbox.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                fail("the miner sent nothing for 10 s");
            }
            if (m == END) {
                fail("the miner closed the connection");
            }
            return m;
        }

        /** The next line within {@code millis}, or null; END is reported as null too, but stays visible to closed(). */
        JsonNode poll(long millis) throws InterruptedException {
            JsonNode m = inbox.poll(millis, TimeUnit.MILLISECONDS);
            if (m == END) {
                inbox.add(END);
                return null;
            }
            return m;
        }

        /** Whether the miner closed its side within {@code millis}, discarding anything else it sent. */
        boolean closedWithin(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < deadline) {
                JsonNode m = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (m == END) {
                    return true;
                }
            }
            return false;
        }

        /** The next message, which must be a request for {@code method}. */
        JsonNode expect(String method) throws InterruptedException {
            JsonNode m = next();
            assertThat(m.path("method").asString("")).as("method of %s", m).isEqualTo(method);
            assertThat(m.get("id")).as("id of %s", m).isNotNull();
            assertThat(m.get("id").isNull()).as("a request needs an id: %s", m).isFalse();
            return m;
        }

        /** The next message that is a reply (no method) to the given id; submits before it are returned to skip. */
        JsonNode expectReplyTo(Object id) throws InterruptedException {
            while (true) {
                JsonNode m = next();
                if (!m.has("method")) {
                    assertThat(m.get("id")).as("reply %s", m).isEqualTo(JSON.valueToTree(id));
                    return m;
                }
                assertThat(m.get("method").asString())
                        .as("only submits may precede the reply: %s", m)
                        .isEqualTo("mining.submit");
            }
        }

        void reply(JsonNode request, Object result) {
            ObjectNode r = JSON.createObjectNode();
            r.set("id", request.get("id"));
            r.set("result", JSON.valueToTree(result));
            r.putNull("error");
            send(r);
        }

        void replyError(JsonNode request, int code, String message) {
            ObjectNode r = JSON.createObjectNode();
            r.set("id", request.get("id"));
            r.putNull("result");
            r.putArray("error").add(code).add(message).addNull();
            send(r);
        }

        /** A server-to-miner message; id null makes it a notification. */
        void request(Object id, String method, Object... params) {
            ObjectNode r = JSON.createObjectNode();
            r.set("id", JSON.valueToTree(id));
            r.put("method", method);
            ArrayNode p = r.putArray("params");
            for (Object param : params) {
                p.add(JSON.<JsonNode>valueToTree(param));
            }
            send(r);
        }

        /** The job as the pool writes it (potluck-stratum's encoder), so the miner reads the pool's own line. */
        void notify(ReferenceShare.Template t, boolean clean) {
            sendRaw(StratumMessages.notify(new Notify(
                            t.jobId(),
                            t.prevhash(),
                            t.coinb1(),
                            t.coinb2(),
                            t.branch(),
                            t.version(),
                            t.nbits(),
                            t.ntime(),
                            clean))
                    .strip());
        }

        void sendRaw(String line) {
            try {
                synchronized (out) {
                    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                throw new AssertionError("cannot write to the miner", e);
            }
        }

        private void send(JsonNode message) {
            sendRaw(message.toString());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
