package org.potluck.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.potluck.node.RecordingListener.Template;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** NodeWatcher against one shared real bcoin regtest node. */
class NodeWatcherRegtestTest {
    static final List<String> RULES = List.of("segwit");
    static final String ADDRESS = Bech32.segwitV0("rb", new byte[20]);
    static RegtestNode node;

    @BeforeAll
    static void startNode() throws Exception {
        node = RegtestNode.start(RegtestNode.defaultInstallDir(), Path.of("target/regtest-node-watcher.log"));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void startHandsOutTheFirstTemplateAndPollingSeesTheNextBlock() {
        RecordingListener listener = new RecordingListener();
        try (NodeWatcher watcher =
                new NodeWatcher(List.of(node.rpc()), listener, Duration.ofMillis(100), Duration.ofMinutes(10), RULES)) {
            watcher.start();
            assertThat(watcher.current()).isNotNull();
            assertThat(listener.templates())
                    .hasSize(1)
                    .first()
                    .extracting(Template::newBlock)
                    .isEqualTo(true);
            int height = watcher.current().height();

            String mined = node.rpc().generateToAddress(1, ADDRESS).getFirst();

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> listener.templates().size() == 2);
            Template second = listener.templates().get(1);
            assertThat(second.newBlock()).isTrue();
            assertThat(second.template().previousBlockHash()).isEqualTo(mined);
            assertThat(second.template().height()).isEqualTo(height + 1);
            assertThat(watcher.current()).isSameAs(second.template());
            assertThat(listener.overlaps).hasValue(0);
        }
    }

    @Test
    void refreshNowFetchesATemplateOnTheSameBlockMarkedNotNew() {
        RecordingListener listener = new RecordingListener();
        try (NodeWatcher watcher =
                new NodeWatcher(List.of(node.rpc()), listener, Duration.ofMinutes(10), Duration.ofMinutes(10), RULES)) {
            watcher.start();
            BlockTemplate first = watcher.current();
            watcher.refreshNow();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> listener.templates().size() == 2);
            Template refreshed = listener.templates().get(1);
            assertThat(refreshed.newBlock()).isFalse();
            assertThat(refreshed.template().previousBlockHash()).isEqualTo(first.previousBlockHash());
        }
    }

    @Test
    void periodicRefreshDeliversTemplatesWithoutNewBlocks() {
        RecordingListener listener = new RecordingListener();
        try (NodeWatcher watcher =
                new NodeWatcher(List.of(node.rpc()), listener, Duration.ofMinutes(10), Duration.ofMillis(300), RULES)) {
            watcher.start();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> listener.templates().size() >= 3);
            assertThat(listener.templates().subList(1, 3))
                    .extracting(Template::newBlock)
                    .containsOnly(false);
        }
    }

    @Test
    void zmqHashblockMakesTheWatcherFetchPromptlyWhenPollingIsSlow() throws Exception {
        int zmqPort = RegtestNode.freePort();
        String zmqAddress = "tcp://127.0.0.1:" + zmqPort;
        NodeEndpoint withZmq =
                new NodeEndpoint(node.endpoint().rpcUrl(), node.endpoint().auth(), zmqAddress);
        RecordingListener listener = new RecordingListener();
        try (ZContext context = new ZContext();
                NodeRpc rpc = new NodeRpc(withZmq);
                NodeWatcher watcher =
                        new NodeWatcher(List.of(rpc), listener, Duration.ofHours(1), Duration.ofHours(1), RULES)) {
            ZMQ.Socket pub = context.createSocket(SocketType.PUB);
            pub.bind(zmqAddress);
            watcher.start();
            assertThat(listener.templates()).hasSize(1);

            String mined = node.rpc().generateToAddress(1, ADDRESS).getFirst();
            // With an hour-long poll interval nothing may notice the block on its own.
            Thread.sleep(1_000);
            assertThat(listener.templates()).hasSize(1);

            // Core's hashblock message: topic, 32-byte hash in display order, little-endian u32 sequence.
            byte[] hash = HexFormat.of().parseHex(mined);
            long sent = System.nanoTime();
            int seq = 0;
            // PUB drops messages until the subscriber's connection is up, so keep announcing until it is heard.
            // (The subscriber's handshake deadline redials a connection JeroMQ left stuck; 10 s is ample.)
            while (listener.templates().size() < 2
                    && System.nanoTime() - sent < Duration.ofSeconds(10).toNanos()) {
                pub.sendMore("hashblock".getBytes(StandardCharsets.US_ASCII));
                pub.sendMore(hash);
                pub.send(ByteBuffer.allocate(4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(seq++)
                        .array());
                Thread.sleep(50);
            }
            assertThat(listener.templates()).hasSize(2);
            // Polling is hourly here, so only the ZMQ announcement can have brought the second template this soon.
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(10));
            Template second = listener.templates().get(1);
            assertThat(second.newBlock()).isTrue();
            assertThat(second.template().previousBlockHash()).isEqualTo(mined);
        }
    }

    @Test
    void submitBlockGoesToTheNodeAndTheWatcherFollowsTheNewTip() {
        RecordingListener listener = new RecordingListener();
        try (NodeWatcher watcher =
                new NodeWatcher(List.of(node.rpc()), listener, Duration.ofMinutes(10), Duration.ofMinutes(10), RULES)) {
            watcher.start();
            BlockTemplate t = watcher.current();
            String block = TestBlocks.coinbaseOnlyBlock(t, false);
            SubmitResult r = watcher.submitBlock(block);
            assertThat(r.outcome()).isEqualTo(SubmitResult.Outcome.ACCEPTED);
            // submitBlock wakes the watcher: the new tip arrives without waiting for the (10 minute) poll.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> listener.templates().size() == 2);
            assertThat(listener.templates().get(1).newBlock()).isTrue();
            assertThat(listener.templates().get(1).template().height()).isEqualTo(t.height() + 1);
        }
    }

    @Test
    void submitBlockFallsBackToTheNextNodeWhenTheActiveOneIsDown() throws Exception {
        NodeEndpoint dead = new NodeEndpoint(
                URI.create("http://127.0.0.1:" + RegtestNode.freePort() + "/"),
                new RpcAuth.UserPassword("x", "y"),
                null);
        RecordingListener listener = new RecordingListener();
        try (NodeRpc deadRpc = new NodeRpc(dead, Duration.ofSeconds(2));
                NodeWatcher watcher = new NodeWatcher(
                        List.of(deadRpc, node.rpc()),
                        listener,
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(10),
                        RULES)) {
            watcher.start();
            assertThat(watcher.active()).isSameAs(node.rpc());
            assertThat(listener.count(RecordingListener.Down.class)).isZero();
            BlockTemplate t = watcher.current();
            SubmitResult r = watcher.submitBlock(TestBlocks.coinbaseOnlyBlock(t, true));
            assertThat(r.outcome()).isEqualTo(SubmitResult.Outcome.REJECTED);
            assertThat(r.reason()).isEqualTo("bad-txnmrklroot");
        }
    }
}
