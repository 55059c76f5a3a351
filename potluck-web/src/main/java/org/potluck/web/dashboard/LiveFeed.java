package org.potluck.web.dashboard;

import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.potluck.web.LiveStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events for open dashboard pages: every tick, a "pool" event to everyone and a "miner" event to pages that
 * follow an address. Snapshots are made once per tick, not once per page, so many open pages cost little.
 *
 * <p>Each page has its own writer (a virtual thread) and a mailbox of one update: a newer snapshot replaces one not yet
 * sent, since it says everything the older one did. So a page that does not read holds at most one update here, its
 * writer waits alone (the tick and the other pages do not wait for it), and its stream's send deadline cuts it.
 */
final class LiveFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    /** What one page is sent per tick; {@code miner} is null for the pool page. */
    private record Update(String pool, String miner) {}

    private final class Subscriber {
        private final SseClient client;
        private final String address;
        private final LiveStreams.Stream stream;
        private final AtomicReference<Update> mailbox = new AtomicReference<>();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final Thread writer;

        Subscriber(SseClient client, String address, LiveStreams.Stream stream, Update first) {
            this.client = client;
            this.address = address;
            this.stream = stream;
            mailbox.set(first);
            stream.reportQueue(() -> mailbox.get() == null ? 0 : 1);
            this.writer = Thread.ofVirtual().name("dashboard-page").unstarted(this::write);
        }

        void offer(Update update) {
            mailbox.set(update);
            LockSupport.unpark(writer);
        }

        private void write() {
            try {
                while (!client.terminated() && !closing) {
                    Update update = mailbox.getAndSet(null);
                    if (update == null) {
                        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                        continue;
                    }
                    stream.send(() -> {
                        client.sendEvent("pool", update.pool());
                        if (update.miner() != null) {
                            client.sendEvent("miner", update.miner());
                        }
                    });
                }
            } catch (IOException | RuntimeException e) {
                log.debug("dropping a dashboard page that went away: {}", e.toString());
            } finally {
                end();
            }
        }

        /** Once, from whichever comes first: the page left, its writer failed, or the feed closes. */
        void end() {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            subscribers.remove(this);
            stream.close();
            if (!client.terminated()) {
                client.close();
            }
            LockSupport.unpark(writer);
        }
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Supplier<String> poolJson;
    private final Function<String, String> minerJson;
    private final ScheduledExecutorService timer;
    private volatile boolean closing;

    LiveFeed(Duration every, Supplier<String> poolJson, Function<String, String> minerJson) {
        this.poolJson = poolJson;
        this.minerJson = minerJson;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("dashboard-feed").factory());
        timer.scheduleWithFixedDelay(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Holds the request open (Javalin's keepAlive) until the page goes away or its stream is cut. */
    void subscribe(SseClient client, String address, LiveStreams.Stream stream) {
        // The first event goes out at once so that a page never waits a whole tick for its numbers.
        var s = new Subscriber(
                client, address, stream, new Update(poolJson.get(), address == null ? null : minerJson.apply(address)));
        subscribers.add(s);
        client.onClose(s::end);
        s.writer.start();
        client.keepAlive();
    }

    int subscriberCount() {
        return subscribers.size();
    }

    private void tick() {
        if (subscribers.isEmpty()) {
            return;
        }
        try {
            String pool = poolJson.get();
            Map<String, String> miners = new HashMap<>();
            for (Subscriber s : subscribers) {
                s.offer(new Update(pool, s.address == null ? null : miners.computeIfAbsent(s.address, minerJson)));
            }
        } catch (RuntimeException e) {
            // A failed tick must not end the schedule (an exception would cancel it for good).
            log.warn("dashboard update failed: {}", e.toString());
        }
    }

    /**
     * Ends every open stream. Must run while the server still runs: ending one after Jetty stopped sends Javalin into
     * a loop of errors on the recycled response, hence the server-stopping hook in {@link DashboardRoutes}.
     */
    void closeClients() {
        closing = true;
        for (Subscriber s : subscribers) {
            s.end();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        closeClients();
    }
}
