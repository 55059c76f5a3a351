package org.potluck.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pool's block template current: learns of new blocks from ZMQ {@code hashblock} (when configured) and
 * from polling {@code getbestblockhash} (always, as the fallback), refreshes the template periodically for new
 * transactions, refuses to hand out work from a node in initial block download, and fails over along a list of
 * nodes. One thread does all of it, so the listener is never called concurrently.
 */
public final class NodeWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeWatcher.class);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_TEMPLATE_REFRESH = Duration.ofSeconds(30);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final List<NodeRpc> nodes;
    private final NodeListener listener;
    private final Duration pollInterval;
    private final Duration templateRefresh;
    private final List<String> rules;
    private final BlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();
    private final AtomicBoolean refreshRequested = new AtomicBoolean();
    private final List<ZmqHashBlockSubscriber> subscribers = new ArrayList<>();
    private volatile boolean running;
    private volatile boolean started;
    private volatile int activeIndex;
    private volatile BlockTemplate current;
    private Thread thread;

    // Owned by the watcher thread (or by start() before that thread exists).
    private String lastPrevHash;
    private long lastTemplateNanos;
    private boolean allDown;
    private Duration backoff = FIRST_BACKOFF;
    private String notReadyMessage;
    private String lastFailure;

    public NodeWatcher(List<NodeRpc> failoverList, NodeListener listener, Duration pollInterval,
                       Duration templateRefresh, List<String> rules) {
        Objects.requireNonNull(failoverList, "failoverList");
        if (failoverList.isEmpty()) {
            throw new IllegalArgumentException("the failover list needs at least one node");
        }
        this.nodes = List.copyOf(failoverList);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pollInterval = positive(pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval, "pollInterval");
        this.templateRefresh = positive(templateRefresh == null ? DEFAULT_TEMPLATE_REFRESH : templateRefresh,
                "templateRefresh");
        this.rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    }

    /** Default intervals: poll every 500 ms, refresh the template every 30 s. */
    public NodeWatcher(List<NodeRpc> failoverList, NodeListener listener, List<String> rules) {
        this(failoverList, listener, DEFAULT_POLL_INTERVAL, DEFAULT_TEMPLATE_REFRESH, rules);
    }

    /**
     * Fetches a first template right away (in the caller's thread, if a node answers and is not in initial block
     * download), then keeps watching on a virtual thread.
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("NodeWatcher already started");
        }
        started = true;
        running = true;
        for (NodeRpc node : nodes) {
            String zmq = node.endpoint().zmqHashBlock();
            if (zmq != null) {
                ZmqHashBlockSubscriber s = new ZmqHashBlockSubscriber(zmq, hash -> wake());
                subscribers.add(s);
                s.start();
            }
        }
        Duration firstWait = step();
        thread = Thread.ofVirtual().name("potluck-node-watcher").start(() -> loop(firstWait));
    }

    /** The latest template handed to the listener; null until one is known (or while the node is in IBD). */
    public BlockTemplate current() {
        return current;
    }

    public NodeRpc active() {
        return nodes.get(activeIndex);
    }

    /** Fetch a new template now, whether or not the tip moved (e.g. after the pool submitted a block). */
    public void refreshNow() {
        refreshRequested.set(true);
        wake();
    }

    /**
     * Submits to the active node first, then to the others (best effort, in the background, so a block reaches the
     * network through any node that is up). Returns the active node's answer, or the first other node's answer if
     * the active one did not give one.
     *
     * @throws NodeUnavailableException no node answered
     */
    public SubmitResult submitBlock(String blockHex) {
        int first = activeIndex;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            order.add((first + i) % nodes.size());
        }
        SubmitResult answer = null;
        List<String> failures = new ArrayList<>();
        int next = 0;
        while (answer == null && next < order.size()) {
            NodeRpc node = nodes.get(order.get(next++));
            try {
                answer = node.submitBlock(blockHex);
                log.info("submitblock to {}: {}", node.endpoint().name(), describe(answer));
            } catch (NodeUnavailableException | RpcException e) {
                failures.add(node.endpoint().name() + ": " + e.getMessage());
                log.warn("submitblock to {} failed: {}", node.endpoint().name(), e.getMessage());
            }
        }
        for (int i = next; i < order.size(); i++) {
            NodeRpc node = nodes.get(order.get(i));
            Thread.ofVirtual().name("potluck-submit " + node.endpoint().name()).start(() -> {
                try {
                    log.info("submitblock to {} (extra): {}", node.endpoint().name(),
                            describe(node.submitBlock(blockHex)));
                } catch (RuntimeException e) {
                    log.info("submitblock to {} (extra) failed: {}", node.endpoint().name(), e.getMessage());
                }
            });
        }
        // The tip probably moved: look now instead of at the next poll.
        wake();
        if (answer == null) {
            throw new NodeUnavailableException("no node took the block: " + String.join("; ", failures));
        }
        return answer;
    }

    @Override
    public void close() {
        running = false;
        wake();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2_000);
                if (t.isAlive()) {
                    // Stuck in a slow RPC call: the HTTP client gives up when interrupted.
                    t.interrupt();
                    t.join(2_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        subscribers.forEach(ZmqHashBlockSubscriber::close);
    }

    private void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    private void loop(Duration firstWait) {
        Duration wait = firstWait;
        while (running) {
            try {
                Boolean woken = wakeups.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
                if (woken != null) {
                    wakeups.clear();
                }
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            }
            if (!running) {
                return;
            }
            wait = step();
        }
    }

    /** One look at the nodes; returns how long to sleep before the next one. */
    private Duration step() {
        try {
            for (int i = 0; i < nodes.size(); i++) {
                int index = (activeIndex + i) % nodes.size();
                NodeRpc node = nodes.get(index);
                try {
                    boolean switched = index != activeIndex;
                    if (switched && !allDown) {
                        log.warn("switching to node {} (next in the failover list)", node.endpoint().name());
                    }
                    activeIndex = index;
                    observe(node, switched);
                    backoff = FIRST_BACKOFF;
                    return nextWait();
                } catch (NodeUnavailableException e) {
                    if (!allDown) {
                        log.debug("node {} unavailable: {}", node.endpoint().name(), e.getMessage());
                    }
                    lastFailure = e.getMessage();
                }
            }
            return allNodesDown();
        } catch (RuntimeException e) {
            // Never let the watcher die: a bug or odd answer is logged and retried.
            log.error("node watcher step failed; retrying", e);
            return MAX_BACKOFF;
        }
    }

    private Duration allNodesDown() {
        if (!allDown) {
            allDown = true;
            String reason = nodes.size() == 1
                    ? lastFailure
                    : "all " + nodes.size() + " nodes unreachable; last error: " + lastFailure;
            log.warn("bitcoin node unavailable ({}). Retrying every {} ms or less until it answers; no new work "
                    + "until then.", reason, MAX_BACKOFF.toMillis());
            notify(() -> listener.onNodeDown(reason));
        }
        Duration wait = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        return wait;
    }

    /** @param switched the node just became the active one: its mempool differs, so take its template now */
    private void observe(NodeRpc node, boolean switched) {
        String best = node.getBestBlockHash();
        boolean recovering = allDown;
        if (recovering) {
            allDown = false;
            log.info("bitcoin node {} answers again", node.endpoint().name());
            notify(() -> listener.onNodeUp(node.endpoint().name()));
        }
        boolean tipMoved = !best.equals(lastPrevHash);
        boolean refreshDue = System.nanoTime() - lastTemplateNanos >= templateRefresh.toNanos();
        boolean requested = refreshRequested.getAndSet(false);
        if (current != null && !recovering && !switched && !tipMoved && !refreshDue && !requested) {
            return;
        }
        try {
            ChainInfo info = node.getBlockchainInfo();
            if (info.initialBlockDownload()) {
                notReady(node, "node " + node.endpoint().name() + " is in initial block download ("
                        + String.format(java.util.Locale.ROOT, "%.1f", info.verificationProgress() * 100)
                        + "% verified); waiting before handing out work");
                // Work from before IBD would be stale; hand out none until the node has caught up.
                current = null;
                lastPrevHash = null;
                return;
            }
            BlockTemplate template = node.getBlockTemplate(rules);
            if (notReadyMessage != null) {
                log.info("node {} is ready; handing out work", node.endpoint().name());
                notReadyMessage = null;
            }
            BlockTemplate previous = current;
            boolean newBlock = recovering || previous == null
                    || !template.previousBlockHash().equals(previous.previousBlockHash());
            current = template;
            // What the template builds on, not what getbestblockhash said: if they differ the tip moved in between
            // and the next look fetches again.
            lastPrevHash = template.previousBlockHash();
            lastTemplateNanos = System.nanoTime();
            notify(() -> listener.onTemplate(template, newBlock));
        } catch (RpcException e) {
            // Reachable but not giving work (Core: -10 still syncing, -9 not connected): wait, do not fail over.
            notReady(node, "node " + node.endpoint().name() + " cannot give a block template yet (" + e.getMessage()
                    + "); waiting before handing out work");
        }
    }

    private void notReady(NodeRpc node, String message) {
        // Log once per distinct state, not once per poll.
        String key = message.replaceAll("\\([0-9.]+% verified\\)", "");
        if (!key.equals(notReadyMessage)) {
            log.warn(message);
            notReadyMessage = key;
        }
    }

    private Duration nextWait() {
        long untilRefresh = templateRefresh.toNanos() - (System.nanoTime() - lastTemplateNanos);
        long wait = Math.min(pollInterval.toNanos(), Math.max(untilRefresh, 1_000_000));
        return Duration.ofNanos(wait);
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("node listener threw; the watcher carries on", e);
        }
    }

    private static String describe(SubmitResult r) {
        return r.reason() == null ? r.outcome().toString() : r.outcome() + " (" + r.reason() + ")";
    }

    private static Duration positive(Duration d, String name) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }
}
