package org.potluck.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.potluck.node.RecordingListener.Template;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Which RPC calls the watcher makes after a ZMQ hashblock. A loopback fake node counts the calls (bcoin has no ZMQ
 * publisher, and only a fake can be held in initial block download); polling and refresh are set to an hour, so every
 * call seen here was caused by an announcement.
 */
class NodeWatcherHashBlockTest {
    static final List<String> RULES = List.of("segwit");
    static final String TIP_A = "00000000000000000001" + "a1".repeat(22);
    static final String TIP_B = "00000000000000000001" + "b2".repeat(22);
    static final String TIP_C = "00000000000000000001" + "c3".repeat(22);

    final AtomicReference<String> tip = new AtomicReference<>(TIP_A);
    final AtomicInteger height = new AtomicInteger(101);
    final AtomicBoolean syncing = new AtomicBoolean(false);
    final AtomicBoolean failNextTemplate = new AtomicBoolean(false);
    ZContext zmq;
    ZMQ.Socket pub;
    String zmqAddress;
    int sequence;

    @BeforeEach
    void publisher() {
        zmq = new ZContext();
        pub = zmq.createSocket(SocketType.PUB);
        zmqAddress = "tcp://127.0.0.1:" + pub.bindToRandomPort("tcp://127.0.0.1");
    }

    @AfterEach
    void closePublisher() {
        zmq.close();
    }

    private Object answer(String method) {
        String best = tip.get();
        return switch (method) {
            case "getbestblockhash" -> "\"" + best + "\"";
            case "getblockchaininfo" ->
                "{\"chain\":\"main\",\"blocks\":" + (height.get() - 1) + ",\"bestblockhash\":\"" + best
                        + "\",\"initialblockdownload\":" + syncing.get() + ",\"verificationprogress\":0.99}";
            case "getblocktemplate" -> {
                if (syncing.get()) {
                    yield new FakeNode.Error(-10, "Bitcoin Core is in initial sync and waiting for blocks...");
                }
                if (failNextTemplate.getAndSet(false)) {
                    yield new FakeNode.Error(-1, "busy");
                }
                yield "{\"version\":536870912,\"previousblockhash\":\"" + best + "\",\"transactions\":[],"
                        + "\"coinbasevalue\":312500000,\"bits\":\"17034219\",\"curtime\":1700000000,"
                        + "\"height\":" + height.get() + ",\"rules\":[\"segwit\"]}";
            }
            default -> new FakeNode.Error(-32601, "Method not found");
        };
    }

    /** Core's hashblock message: topic, 32-byte hash in display order, little-endian u32 sequence (doc/zmq.md). */
    private void announce(String hash) {
        pub.sendMore("hashblock".getBytes(StandardCharsets.US_ASCII));
        pub.sendMore(HexFormat.of().parseHex(hash));
        pub.send(ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(sequence++)
                .array());
    }

    /**
     * PUB drops messages until the subscriber has connected: announce the tip the watcher already builds on until
     * the watcher is seen looking (a look that finds nothing new), then let stragglers drain and forget the calls.
     */
    private void waitUntilSubscribed(FakeNode fake) throws InterruptedException {
        long before = fake.methods.stream().filter("getbestblockhash"::equals).count();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fake.methods.stream().filter("getbestblockhash"::equals).count() == before) {
            assertThat(System.nanoTime())
                    .as("ZMQ subscriber joined within 10 s")
                    .isLessThan(deadline);
            announce(tip.get());
            Thread.sleep(50);
        }
        Thread.sleep(300);
        fake.methods.clear();
    }

    private void newBlock(String hash) {
        tip.set(hash);
        height.incrementAndGet();
    }

    private NodeWatcher watcher(FakeNode fake, NodeRpc rpc, RecordingListener listener) {
        return new NodeWatcher(List.of(rpc), listener, Duration.ofHours(1), Duration.ofHours(1), RULES);
    }

    private NodeRpc rpc(FakeNode fake) {
        return new NodeRpc(new NodeEndpoint(fake.url(), new RpcAuth.UserPassword("u", "p"), zmqAddress));
    }

    @Test
    void hashblockFromAReadyNodeGoesStraightToGetBlockTemplate() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeNode fake = new FakeNode(this::answer);
                NodeRpc rpc = rpc(fake);
                NodeWatcher watcher = watcher(fake, rpc, listener)) {
            watcher.start();
            // The first look checks everything.
            assertThat(fake.methods).containsExactly("getbestblockhash", "getblockchaininfo", "getblocktemplate");
            waitUntilSubscribed(fake);

            newBlock(TIP_B);
            announce(TIP_B);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> listener.templates().size() == 2);
            assertThat(fake.methods).containsExactly("getblocktemplate");
            Template second = listener.templates().get(1);
            assertThat(second.newBlock()).isTrue();
            assertThat(second.template().previousBlockHash()).isEqualTo(TIP_B);

            // And the next block the same way.
            newBlock(TIP_C);
            announce(TIP_C);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> listener.templates().size() == 3);
            assertThat(fake.methods).containsExactly("getblocktemplate", "getblocktemplate");
            assertThat(watcher.current().height()).isEqualTo(103);
        }
    }

    @Test
    void failedTemplateAfterHashblockFallsBackToTheFullLook() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeNode fake = new FakeNode(this::answer);
                NodeRpc rpc = rpc(fake);
                NodeWatcher watcher = watcher(fake, rpc, listener)) {
            watcher.start();
            waitUntilSubscribed(fake);

            failNextTemplate.set(true);
            newBlock(TIP_B);
            announce(TIP_B);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> listener.templates().size() == 2);
            assertThat(fake.methods)
                    .containsExactly("getblocktemplate", "getbestblockhash", "getblockchaininfo", "getblocktemplate");
            assertThat(listener.templates().get(1).newBlock()).isTrue();
            assertThat(watcher.current().previousBlockHash()).isEqualTo(TIP_B);
        }
    }

    @Test
    void hashblockWhileTheNodeWasNotReadyStillChecksBestHashAndInitialBlockDownload() throws Exception {
        syncing.set(true);
        RecordingListener listener = new RecordingListener();
        try (FakeNode fake = new FakeNode(this::answer);
                NodeRpc rpc = rpc(fake);
                NodeWatcher watcher = watcher(fake, rpc, listener)) {
            watcher.start();
            assertThat(watcher.current()).isNull();
            waitUntilSubscribed(fake);

            // Still syncing: the announcement must not hand out work.
            newBlock(TIP_B);
            announce(TIP_B);
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.methods.contains("getblockchaininfo"));
            assertThat(fake.methods).containsExactly("getbestblockhash", "getblockchaininfo");
            assertThat(listener.events).isEmpty();

            // Caught up: the first look after not-ready is a full one.
            syncing.set(false);
            fake.methods.clear();
            newBlock(TIP_C);
            announce(TIP_C);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> listener.templates().size() == 1);
            assertThat(fake.methods).containsExactly("getbestblockhash", "getblockchaininfo", "getblocktemplate");
        }
    }

    @Test
    void hashblockOfTheBlockAlreadyBuiltOnFetchesNoTemplate() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FakeNode fake = new FakeNode(this::answer);
                NodeRpc rpc = rpc(fake);
                NodeWatcher watcher = watcher(fake, rpc, listener)) {
            watcher.start();
            waitUntilSubscribed(fake);
            // A repeated announcement (a second node, a reconnect) of the tip the work already builds on.
            announce(TIP_A);
            await().atMost(Duration.ofSeconds(5)).until(() -> fake.methods.contains("getbestblockhash"));
            Thread.sleep(200);
            assertThat(fake.methods).containsExactly("getbestblockhash");
            assertThat(listener.templates()).hasSize(1);
        }
    }
}
