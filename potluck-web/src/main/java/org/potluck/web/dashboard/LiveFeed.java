package org.potluck.web.dashboard;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events for open dashboard pages: every tick, a "pool" event to everyone and a "miner" event to pages that
 * follow an address. Snapshots are made once per tick, not once per page, so many open pages cost little.
 */
final class LiveFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);

    private record Subscriber(SseClient client, String address) {
    }

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Supplier<String> poolJson;
    private final Function<String, String> minerJson;
    private final ScheduledExecutorService timer;

    LiveFeed(Duration every, Supplier<String> poolJson, Function<String, String> minerJson) {
        this.poolJson = poolJson;
        this.minerJson = minerJson;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("dashboard-feed").factory());
        timer.scheduleWithFixedDelay(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Holds the request open (Javalin's keepAlive) until the page goes away. */
    void subscribe(SseClient client, String address) {
        var s = new Subscriber(client, address);
        client.onClose(() -> subscribers.remove(s));
        // The first event goes out at once so that a page never waits a whole tick for its numbers.
        send(s, poolJson.get(), address == null ? null : minerJson.apply(address));
        subscribers.add(s);
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
                send(s, pool, s.address() == null ? null : miners.computeIfAbsent(s.address(), minerJson));
            }
        } catch (RuntimeException e) {
            // A failed tick must not end the schedule (an exception would cancel it for good).
            log.warn("dashboard update failed: {}", e.toString());
        }
    }

    private void send(Subscriber s, String pool, String miner) {
        if (s.client().terminated()) {
            subscribers.remove(s);
            return;
        }
        try {
            s.client().sendEvent("pool", pool);
            if (miner != null) {
                s.client().sendEvent("miner", miner);
            }
        } catch (RuntimeException e) {
            log.debug("dropping a dashboard page that went away: {}", e.toString());
            subscribers.remove(s);
            s.client().close();
        }
    }

    /**
     * Ends every open stream. Must run while the server still runs: ending one after Jetty stopped sends Javalin into
     * a loop of errors on the recycled response, hence the server-stopping hook in {@link DashboardRoutes}.
     */
    void closeClients() {
        for (Subscriber s : subscribers) {
            subscribers.remove(s);
            if (!s.client().terminated()) {
                s.client().close();
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        closeClients();
    }
}
