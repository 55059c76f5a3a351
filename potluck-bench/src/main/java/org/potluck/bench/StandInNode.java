package org.potluck.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;
import org.potluck.bitcoin.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Just enough of a mainnet Bitcoin Core for a pool to run against: JSON-RPC over HTTP/1.1 (basic auth; every answer ends
 * in a newline, which ckpool's line reader needs) and a ZMQ {@code hashblock} publisher. The chain is imaginary: a tip
 * that moves when {@link #newBlock()} is called, and a template of a mainnet-sized mempool with a correct witness
 * commitment. Submitted blocks are counted and answered with null, as Core answers a block it accepted.
 */
public final class StandInNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StandInNode.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Mainnet's compact target around height 920,000 (late 2025). */
    public static final int MAINNET_BITS = 0x17023a04;

    private static final long SUBSIDY_SATS = 312_500_000L; // 3.125 BTC after the fourth halving
    private static final int BLOCK_VERSION = 0x20000000;

    /** What a call to {@link #newBlock()} announced, and when (System.nanoTime, just before the ZMQ message left). */
    public record Announcement(String blockHashDisplay, int nextHeight, long announcedNanos) {}

    private final String authHeader;
    private final MempoolSample mempool;
    private final ServerSocket rpc;
    private final ZContext zmq = new ZContext();
    private final ZMQ.Socket publisher;
    private final int zmqPort;
    private final Random random = new Random(7);
    private final AtomicLong submittedBlocks = new AtomicLong();
    private final AtomicLong templatesServed = new AtomicLong();
    private volatile Tip tip;
    private volatile boolean running = true;
    private int zmqSequence;
    private String upcomingHash;

    private record Tip(String bestHashDisplay, int nextHeight, long curTime, byte[] templateJson) {}

    /**
     * @param rpcPort 0 picks a free port
     * @param zmqPort 0 picks a free port
     */
    public StandInNode(int rpcPort, int zmqPort, String user, String password, int transactions) throws IOException {
        this.authHeader =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.mempool = MempoolSample.generate(transactions, 42);
        this.publisher = zmq.createSocket(SocketType.PUB);
        this.zmqPort = zmqPort == 0 ? publisher.bindToRandomPort("tcp://127.0.0.1") : bindTo(publisher, zmqPort);
        this.rpc = new ServerSocket();
        rpc.setReuseAddress(true);
        rpc.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), rpcPort), 128);
        this.tip = tip(randomBlockHash(), 920_000);
        this.upcomingHash = randomBlockHash();
        Thread.ofPlatform().daemon().name("stand-in-node-accept").start(this::acceptLoop);
        log.info(
                "stand-in node: RPC on 127.0.0.1:{}, ZMQ hashblock on tcp://127.0.0.1:{}, {} transactions ({} weight units)",
                rpc.getLocalPort(),
                this.zmqPort,
                transactions,
                mempool.totalWeight());
    }

    private static int bindTo(ZMQ.Socket socket, int port) {
        socket.bind("tcp://127.0.0.1:" + port);
        return port;
    }

    public int rpcPort() {
        return rpc.getLocalPort();
    }

    public int zmqPort() {
        return zmqPort;
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + rpcPort();
    }

    public String zmqUrl() {
        return "tcp://127.0.0.1:" + zmqPort;
    }

    public long submittedBlocks() {
        return submittedBlocks.get();
    }

    public long templatesServed() {
        return templatesServed.get();
    }

    public int transactionCount() {
        return mempool.entries().size();
    }

    /** The hash of the current tip as RPC shows it (the template's previousblockhash). */
    public String bestBlockHash() {
        return tip.bestHashDisplay();
    }

    /**
     * A block arrived: the tip moves to a fresh hash, the template follows, and {@code hashblock} is published. The
     * template is ready before the announcement so that the time a pool takes is the pool's, not the node's.
     */
    public synchronized Announcement newBlock() {
        Tip old = tip;
        Tip next = tip(upcomingHash, old.nextHeight() + 1);
        upcomingHash = randomBlockHash();
        tip = next;
        byte[] hashBytes = Hex.decode(next.bestHashDisplay()); // Core publishes the hash in display byte order
        byte[] sequence = new byte[4];
        int seq = zmqSequence++;
        sequence[0] = (byte) seq;
        sequence[1] = (byte) (seq >>> 8);
        sequence[2] = (byte) (seq >>> 16);
        sequence[3] = (byte) (seq >>> 24);
        long now = System.nanoTime();
        publisher.sendMore("hashblock");
        publisher.sendMore(hashBytes);
        publisher.send(sequence);
        return new Announcement(next.bestHashDisplay(), next.nextHeight(), now);
    }

    /** The hash the next {@link #newBlock()} will announce (so a watcher can be armed before it happens). */
    public synchronized String upcomingBlockHash() {
        return upcomingHash;
    }

    private String randomBlockHash() {
        byte[] h = new byte[32];
        random.nextBytes(h);
        // Display order starts with the zeros a block hash at mainnet difficulty has.
        for (int i = 0; i < 10; i++) {
            h[i] = 0;
        }
        return Hex.encode(h);
    }

    private Tip tip(String bestHash, int nextHeight) {
        long curTime = System.currentTimeMillis() / 1000;
        return new Tip(bestHash, nextHeight, curTime, templateJson(bestHash, nextHeight, curTime));
    }

    private byte[] templateJson(String prevHash, int height, long curTime) {
        ObjectNode t = NODES.objectNode();
        t.putArray("capabilities").add("proposal");
        t.put("version", BLOCK_VERSION);
        t.putArray("rules").add("csv").add("!segwit").add("taproot");
        t.putObject("vbavailable");
        t.put("vbrequired", 0);
        t.put("previousblockhash", prevHash);
        ArrayNode txs = t.putArray("transactions");
        for (MempoolSample.Entry e : mempool.entries()) {
            ObjectNode tx = txs.addObject();
            tx.put("data", e.dataHex());
            tx.put("txid", e.txid());
            tx.put("hash", e.wtxid());
            tx.putArray("depends");
            tx.put("fee", e.fee());
            tx.put("sigops", 4);
            tx.put("weight", e.weight());
        }
        t.putObject("coinbaseaux");
        t.put("coinbasevalue", SUBSIDY_SATS + mempool.totalFees());
        t.put("longpollid", prevHash + height);
        t.put("target", String.format("%064x", Target.fromBits(MAINNET_BITS)));
        t.put("mintime", curTime - 3600);
        t.putArray("mutable").add("time").add("transactions").add("prevblock");
        t.put("noncerange", "00000000ffffffff");
        t.put("sigoplimit", 80000);
        t.put("sizelimit", 4000000);
        t.put("weightlimit", 4000000);
        t.put("curtime", curTime);
        t.put("bits", String.format("%08x", MAINNET_BITS));
        t.put("height", height);
        t.put("default_witness_commitment", mempool.witnessCommitmentScriptHex());
        return JSON.writeValueAsBytes(t);
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket s = rpc.accept();
                s.setTcpNoDelay(true);
                Thread.ofVirtual().name("stand-in-node-rpc").start(() -> serve(s));
            } catch (IOException e) {
                if (running) {
                    log.warn("stand-in node accept failed: {}", e.toString());
                }
            }
        }
    }

    /** HTTP/1.1 with keep-alive; tolerant of bare-LF header lines (ckpool writes its requests with "\n"). */
    private void serve(Socket socket) {
        try (socket;
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream()) {
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                int contentLength = -1;
                String auth = null;
                boolean close = false;
                String header;
                while ((header = readLine(in)) != null && !header.isEmpty()) {
                    int colon = header.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = header.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> contentLength = Integer.parseInt(value);
                        case "authorization" -> auth = value;
                        case "connection" -> close = value.equalsIgnoreCase("close");
                        default -> {}
                    }
                }
                if (contentLength < 0) {
                    respond(
                            out,
                            411,
                            "Length Required",
                            "{\"result\":null,\"error\":{\"code\":-32700,\"message\":\"Content-Length required\"},\"id\":null}"
                                    .getBytes(StandardCharsets.UTF_8),
                            true);
                    return;
                }
                byte[] body = in.readNBytes(contentLength);
                if (!authHeader.equals(auth)) {
                    respond(out, 401, "Unauthorized", new byte[0], true);
                    return;
                }
                respond(out, 200, "OK", answer(body), close);
                if (close) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("stand-in node RPC connection ended: {}", e.toString());
        }
    }

    /** One write per answer: a separate small write for the final newline would wait on Nagle and a delayed ACK. */
    private static void respond(OutputStream out, int status, String reason, byte[] json, boolean close)
            throws IOException {
        int length = json.length + (json.length > 0 ? 1 : 0);
        byte[] head = ("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + length + (close ? "\r\nConnection: close" : "") + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(json, 0, all, head.length, json.length);
        if (json.length > 0) {
            all[all.length - 1] = '\n';
        }
        out.write(all);
        out.flush();
    }

    private byte[] answer(byte[] body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (RuntimeException e) {
            return error(null, -32700, "Parse error");
        }
        JsonNode id = request.get("id");
        String method = request.path("method").asString("");
        JsonNode params = request.path("params");
        Tip t = tip;
        return switch (method) {
            case "getblocktemplate" -> {
                templatesServed.incrementAndGet();
                yield rawResult(id, t.templateJson());
            }
            case "getbestblockhash" -> result(id, NODES.stringNode(t.bestHashDisplay()));
            case "getblockcount" -> result(id, NODES.numberNode(t.nextHeight() - 1));
            case "getblockhash" -> result(id, NODES.stringNode(t.bestHashDisplay()));
            case "getdifficulty" -> result(id, NODES.numberNode(Target.difficultyOf(Target.fromBits(MAINNET_BITS))));
            case "getblockchaininfo" -> {
                ObjectNode r = NODES.objectNode();
                r.put("chain", "main");
                r.put("blocks", t.nextHeight() - 1);
                r.put("headers", t.nextHeight() - 1);
                r.put("bestblockhash", t.bestHashDisplay());
                r.put("difficulty", Target.difficultyOf(Target.fromBits(MAINNET_BITS)));
                r.put("initialblockdownload", false);
                r.put("verificationprogress", 1.0);
                yield result(id, r);
            }
            case "getnetworkinfo" -> {
                ObjectNode r = NODES.objectNode();
                r.put("version", 290000);
                r.put("subversion", "/Satoshi:29.0.0/");
                r.put("connections", 10);
                r.put("networkactive", true);
                yield result(id, r);
            }
            case "getmininginfo" -> {
                ObjectNode r = NODES.objectNode();
                r.put("blocks", t.nextHeight() - 1);
                r.put("difficulty", Target.difficultyOf(Target.fromBits(MAINNET_BITS)));
                r.put("chain", "main");
                yield result(id, r);
            }
            case "validateaddress" -> result(id, validateAddress(params.path(0).asString("")));
            case "submitblock" -> {
                submittedBlocks.incrementAndGet();
                yield result(id, null);
            }
            default -> error(id, -32601, "Method not found");
        };
    }

    private static JsonNode validateAddress(String address) {
        ObjectNode r = NODES.objectNode();
        try {
            byte[] script = Address.toScriptPubKey(address, Network.MAINNET);
            r.put("isvalid", true);
            r.put("address", address);
            r.put("scriptPubKey", Hex.encode(script));
            boolean witness =
                    (script[0] == 0x00 || (script[0] >= 0x51 && script[0] <= 0x60)) && script.length == script[1] + 2;
            r.put(
                    "isscript",
                    script.length == 23 && script[0] == (byte) 0xa9
                            || witness && script.length == 34 && script[0] == 0);
            r.put("iswitness", witness);
            if (witness) {
                r.put("witness_version", script[0] == 0 ? 0 : script[0] - 0x50);
                r.put("witness_program", Hex.encode(java.util.Arrays.copyOfRange(script, 2, script.length)));
            }
        } catch (RuntimeException e) { // AddressException included
            r.put("isvalid", false);
        }
        return r;
    }

    private static byte[] result(JsonNode id, JsonNode result) {
        ObjectNode r = NODES.objectNode();
        r.set("result", result == null ? NODES.nullNode() : result);
        r.putNull("error");
        r.set("id", id == null ? NODES.nullNode() : id);
        return JSON.writeValueAsBytes(r);
    }

    /** Splices pre-serialized result bytes in: the template is made once per block, not once per request. */
    private static byte[] rawResult(JsonNode id, byte[] resultJson) {
        byte[] head = "{\"result\":".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = (",\"error\":null,\"id\":" + JSON.writeValueAsString(id == null ? NODES.nullNode() : id) + "}")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + resultJson.length + tail.length);
        out.writeBytes(head);
        out.writeBytes(resultJson);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private static byte[] error(JsonNode id, int code, String message) {
        ObjectNode r = NODES.objectNode();
        r.putNull("result");
        ObjectNode e = r.putObject("error");
        e.put("code", code);
        e.put("message", message);
        r.set("id", id == null ? NODES.nullNode() : id);
        return JSON.writeValueAsBytes(r);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 64 * 1024) {
                throw new IOException("header line longer than 64 KiB");
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        running = false;
        try {
            rpc.close();
        } catch (IOException e) {
            log.debug("closing RPC socket: {}", e.toString());
        }
        publisher.close();
        zmq.close();
    }
}
