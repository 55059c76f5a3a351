package org.potluck.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.potluck.node.RecordingListener.Down;
import org.potluck.node.RecordingListener.Template;
import org.potluck.node.RecordingListener.Up;
import org.slf4j.LoggerFactory;

/** NodeWatcher when nodes go away, come back, or are not ready to give work. */
class NodeWatcherOutageTest {
    static final List<String> RULES = List.of("segwit");
    static final String ADDRESS = Bech32.segwitV0("rb", new byte[20]);

    private static RegtestNode startNode(String name, int port, String key) throws Exception {
        return RegtestNode.start(
                RegtestNode.defaultInstallDir(), Path.of("target/regtest-node-" + name + ".log"), port, key);
    }

    private static ListAppender<ILoggingEvent> captureWatcherLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(NodeWatcher.class)).addAppender(appender);
        return appender;
    }

    private static long warnings(ListAppender<ILoggingEvent> appender, String containing) {
        return appender.list.stream()
                .filter(e ->
                        e.getLevel() == Level.WARN && e.getFormattedMessage().contains(containing))
                .count();
    }

    @Test
    void nodeGoingAwayIsReportedOnceAndItsReturnGivesAFreshNewBlockTemplate() throws Exception {
        ListAppender<ILoggingEvent> log = captureWatcherLog();
        RegtestNode first = startNode("outage-1", 0, null);
        int port = first.rpcPort();
        String key = first.apiKey();
        RecordingListener listener = new RecordingListener();
        try (NodeRpc rpc = new NodeRpc(first.endpoint(), Duration.ofSeconds(2));
                NodeWatcher watcher = new NodeWatcher(
                        List.of(rpc), listener, Duration.ofMillis(100), Duration.ofMinutes(10), RULES)) {
            watcher.start();
            assertThat(listener.templates()).hasSize(1);

            first.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.count(Down.class) == 1);
            // Several backoff retries (250, 500, 1000, 2000 ms) happen in this time; none may be reported again.
            Thread.sleep(3_000);
            assertThat(listener.count(Down.class)).isEqualTo(1);
            assertThat(warnings(log, "bitcoin node unavailable")).isEqualTo(1);

            try (RegtestNode second = startNode("outage-2", port, key)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> listener.count(Up.class) == 1);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> listener.templates().size() == 2);
                List<RecordingListener.Event> events = listener.events;
                assertThat(events).hasSize(4);
                assertThat(events.get(1)).isInstanceOf(Down.class);
                assertThat(events.get(2)).isEqualTo(new Up("127.0.0.1:" + port));
                assertThat(events.get(3))
                        .isInstanceOfSatisfying(
                                Template.class, t -> assertThat(t.newBlock()).isTrue());
                assertThat(watcher.current()).isNotNull();
                assertThat(listener.overlaps).hasValue(0);
            }
        } finally {
            first.close();
        }
    }

    @Test
    void whenTheActiveNodeDiesTheWatcherMovesToTheNextOneWithoutReportingAnOutage() throws Exception {
        try (RegtestNode a = startNode("failover-a", 0, null);
                RegtestNode b = startNode("failover-b", 0, null);
                NodeRpc rpcA = new NodeRpc(a.endpoint(), Duration.ofSeconds(2));
                NodeRpc rpcB = new NodeRpc(b.endpoint(), Duration.ofSeconds(2))) {
            RecordingListener listener = new RecordingListener();
            try (NodeWatcher watcher = new NodeWatcher(
                    List.of(rpcA, rpcB), listener, Duration.ofMillis(100), Duration.ofMinutes(10), RULES)) {
                watcher.start();
                assertThat(watcher.active()).isSameAs(rpcA);
                // B's chain differs from A's, so the switch shows up as a new block.
                String bTip = b.rpc().generateToAddress(1, ADDRESS).getFirst();

                a.close();
                await().atMost(Duration.ofSeconds(5)).until(() -> watcher.active() == rpcB);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> listener.templates().size() == 2);
                Template switched = listener.templates().get(1);
                assertThat(switched.newBlock()).isTrue();
                assertThat(switched.template().previousBlockHash()).isEqualTo(bTip);
                assertThat(listener.count(Down.class)).isZero();
                assertThat(listener.count(Up.class)).isZero();
            }
        }
    }

    @Test
    void noWorkIsHandedOutWhileTheNodeIsInInitialBlockDownloadAndItIsLoggedOnce() throws Exception {
        // No real node can be held in IBD here, so a loopback fake answers as Core does while syncing.
        ListAppender<ILoggingEvent> log = captureWatcherLog();
        AtomicBoolean syncing = new AtomicBoolean(true);
        String tip = "00000000000000000001a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7";
        try (FakeNode fake = new FakeNode(method -> switch (method) {
                    case "getbestblockhash" -> "\"" + tip + "\"";
                    case "getblockchaininfo" ->
                        "{\"chain\":\"main\",\"blocks\":100,\"bestblockhash\":\"" + tip + "\",\"initialblockdownload\":"
                                + syncing.get() + ",\"verificationprogress\":0.4213}";
                    case "getblocktemplate" ->
                        syncing.get()
                                ? new FakeNode.Error(-10, "Bitcoin Core is in initial sync and waiting for blocks...")
                                : "{\"version\":536870912,\"previousblockhash\":\"" + tip + "\",\"transactions\":[],"
                                        + "\"coinbasevalue\":312500000,\"bits\":\"17034219\",\"target\":\"00\",\"curtime\":1700000000,"
                                        + "\"mintime\":1699999000,\"height\":101,\"rules\":[\"segwit\"]}";
                    default -> new FakeNode.Error(-32601, "Method not found");
                });
                NodeRpc rpc = new NodeRpc(new NodeEndpoint(fake.url(), new RpcAuth.UserPassword("u", "p"), null))) {
            RecordingListener listener = new RecordingListener();
            try (NodeWatcher watcher =
                    new NodeWatcher(List.of(rpc), listener, Duration.ofMillis(50), Duration.ofMinutes(10), RULES)) {
                watcher.start();
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> fake.methods.stream()
                                        .filter("getblockchaininfo"::equals)
                                        .count()
                                >= 5);
                assertThat(watcher.current()).isNull();
                assertThat(listener.events).isEmpty();
                assertThat(fake.methods).doesNotContain("getblocktemplate");
                assertThat(warnings(
                                log, "is in initial block download (42.1% verified); waiting before handing out work"))
                        .isEqualTo(1);

                syncing.set(false);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> listener.templates().size() == 1);
                assertThat(listener.templates().getFirst().newBlock()).isTrue();
                assertThat(watcher.current().height()).isEqualTo(101);
                assertThat(watcher.current().defaultWitnessCommitment()).isNull();
            }
        }
    }
}
