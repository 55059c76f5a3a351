package org.potluck.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class ZmqHashBlockSubscriberTest {
    private static final String HASH = "00000000000000000002a7c4c1e48d76c5a37902165a270156b7a8d72728a054";
    private static final int PAIRS_PER_ROUND = 25;
    private static final int ROUNDS = 8;

    /**
     * JeroMQ 0.6.0 leaves about one fresh connection in a hundred stuck in its greeting, so a subscriber that never
     * redials would miss every block announcement of that node until the pool restarts. Across 200 fresh
     * publisher/subscriber pairs, every subscriber must hear its publisher within 5 s.
     */
    @Test
    void everySubscriberHearsItsPublisherEvenWhenAGreetingStalls() throws Exception {
        long slowest = 0;
        for (int round = 0; round < ROUNDS; round++) {
            try (ZContext context = new ZContext()) {
                List<ZMQ.Socket> pubs = new ArrayList<>();
                List<ZmqHashBlockSubscriber> subscribers = new ArrayList<>();
                Set<Integer> heard = ConcurrentHashMap.newKeySet();
                for (int i = 0; i < PAIRS_PER_ROUND; i++) {
                    ZMQ.Socket pub = context.createSocket(SocketType.PUB);
                    String address = "tcp://127.0.0.1:" + pub.bindToRandomPort("tcp://127.0.0.1");
                    int pair = i;
                    var subscriber = new ZmqHashBlockSubscriber(address, hash -> {
                        if (hash.equals(HASH)) {
                            heard.add(pair);
                        }
                    });
                    pubs.add(pub);
                    subscribers.add(subscriber);
                    subscriber.start();
                }
                try {
                    long start = System.nanoTime();
                    // PUB drops what it sends before the subscription arrives: announce until every pair has heard.
                    while (heard.size() < PAIRS_PER_ROUND
                            && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
                        for (ZMQ.Socket pub : pubs) {
                            pub.sendMore("hashblock".getBytes(StandardCharsets.US_ASCII));
                            pub.sendMore(HexFormat.of().parseHex(HASH));
                            pub.send(ByteBuffer.allocate(4)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .putInt(round)
                                    .array());
                        }
                        Thread.sleep(20);
                    }
                    assertThat(heard)
                            .as("pairs of round %d whose subscriber heard within 5 s", round)
                            .hasSize(PAIRS_PER_ROUND);
                    slowest = Math.max(slowest, System.nanoTime() - start);
                } finally {
                    try (var closer = Executors.newVirtualThreadPerTaskExecutor()) {
                        subscribers.forEach(s -> closer.submit(s::close));
                    }
                }
            }
        }
        System.out.printf(
                "all %d subscribers heard their publisher; slowest round took %d ms%n",
                ROUNDS * PAIRS_PER_ROUND, slowest / 1_000_000);
    }
}
