package org.potluck.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.potluck.stratum.Extranonce;
import org.potluck.stratum.Notify;
import org.potluck.stratum.StratumMessages;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A tiny Stratum v1 pool on loopback for the generator's tests: it answers subscribe and authorize, sends one job,
 * and then answers each submit as its script says (or never, or stops reading its socket altogether). Plain blocking
 * sockets, one virtual thread per connection.
 */
final class ScriptedPool implements AutoCloseable {
    /** The answer line to a submit with this id after this many block changes; null: no answer. */
    interface Script {
        String answer(long id, int blocks);
    }

    static final Script NEVER_ANSWERS = (id, blocks) -> null;
    static final Script ACCEPTS = (id, blocks) ->
            new String(StratumMessages.trueResult(JsonNodeFactory.instance.numberNode(id)), StandardCharsets.US_ASCII);

    static final String PREV_HASH = "0c859545a3498373a57452fac22eb7113df2a465000543520000000000000000";
    static final String NEXT_PREV_HASH = "1c859545a3498373a57452fac22eb7113df2a465000543520000000000000000";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"");

    private final ServerSocket server;
    private final Script script;
    private final boolean readsSubmits;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger blocks = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);

    private ScriptedPool(Script script, boolean readsSubmits) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.readsSubmits = readsSubmits;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** A pool that reads every line and answers submits by the script. */
    static ScriptedPool answering(Script script) throws IOException {
        return new ScriptedPool(script, true);
    }

    /** A pool that logs the miner in and then never reads its socket again: the miner's sends back up. */
    static ScriptedPool notReading() throws IOException {
        return new ScriptedPool(NEVER_ANSWERS, false);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Sends every miner a job on the next block (clean) and answers later submits with the block count raised. */
    void newBlock() throws IOException {
        blocks.incrementAndGet();
        for (Socket s : sockets) {
            write(s, job("6", NEXT_PREV_HASH));
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher method = METHOD.matcher(line);
                Matcher id = ID.matcher(line);
                if (!method.find() || !id.find()) {
                    continue;
                }
                long requestId = Long.parseLong(id.group(1));
                var idNode = JsonNodeFactory.instance.numberNode(requestId);
                switch (method.group(1)) {
                    case "mining.subscribe" ->
                        write(
                                s,
                                StratumMessages.result(
                                        idNode, StratumMessages.subscribeResult(new Extranonce("08000002", 4))));
                    case "mining.authorize" -> {
                        write(s, StratumMessages.result(idNode, true) + job("5", PREV_HASH));
                        if (!readsSubmits) {
                            closed.await();
                            return;
                        }
                    }
                    case "mining.submit" -> {
                        String answer = script.answer(requestId, blocks.get());
                        if (answer != null) {
                            write(s, answer.endsWith("\n") ? answer : answer + "\n");
                        }
                    }
                    default -> {}
                }
            }
        } catch (IOException e) {
            // the miner went away or the pool closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String job(String jobId, String prevHash) {
        return StratumMessages.notify(
                new Notify(jobId, prevHash, "aa", "bb", List.of(), "20000004", "1705ae3a", "647025b5", true));
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        synchronized (s) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
