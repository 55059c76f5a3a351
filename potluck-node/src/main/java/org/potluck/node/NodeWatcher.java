package org.potluck.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pool's block template current: learns of new blocks from ZMQ {@code hashblock} (when configured) and
 * from polling {@code getbestblockhash} (always, as the fallback), refreshes the template periodically for new
 * transactions, refuses to hand out work from a node in initial block download, and fails over along a list of
 * nodes. One thread does all of it, so the listener is never called concurrently.
 *
 * <p>A {@code hashblock} from the active node, when that node is known ready, goes straight to
 * {@code getblocktemplate}: the announcement already says the tip moved, and a node that was out of initial block
 * download a moment ago and has just connected a block is still out of it. Those two checks cost two round trips on
 * the path from a new block to new work for the miners. Every other look (polling, the first one, after an outage,
 * after a failover switch, the periodic refresh) still asks for the best block hash and the IBD state.
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
    /** Per node, the latest block hash its ZMQ feed announced and the watcher has not looked at yet. */
    private final AtomicReferenceArray<String> announced;

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
    /** Index of the node whose last look succeeded with work handed out (or unchanged work kept); -1 if none. */
    private int readyIndex = -1;

    public NodeWatcher(
            List<NodeRpc> failoverList,
            NodeListener listener,
            Duration pollInterval,
            Duration templateRefresh,
            List<String> rules) {
        Objects.requireNonNull(failoverList, "failoverList");
        if (failoverList.isEmpty()) {
            throw new IllegalArgumentException("the failover list needs at least one node");
        }
        this.nodes = List.copyOf(failoverList);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pollInterval = positive(pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval, "pollInterval");
        this.templateRefresh =
                positive(templateRefresh == null ? DEFAULT_TEMPLATE_REFRESH : templateRefresh, "templateRefresh");
        this.rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        this.announced = new AtomicReferenceArray<>(nodes.size());
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
        for (int i = 0; i < nodes.size(); i++) {
            int index = i;
            String zmq = nodes.get(i).endpoint().zmqHashBlock();
            if (zmq != null) {
                ZmqHashBlockSubscriber s = new ZmqHashBlockSubscriber(zmq, hash -> announce(index, hash));
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
                    log.info(
                            "submitblock to {} (extra): {}",
                            node.endpoint().name(),
                            describe(node.submitBlock(blockHex)));
                } catch (RuntimeException e) {
                    log.info(
                            "submitblock to {} (extra) failed: {}",
                            node.endpoint().name(),
                            e.getMessage());
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

    private void announce(int nodeIndex, String blockHash) {
        announced.set(nodeIndex, blockHash);
        wake();
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
            if (tookAnnouncedBlock()) {
                backoff = FIRST_BACKOFF;
                return nextWait();
            }
            for (int i = 0; i < nodes.size(); i++) {
                int index = (activeIndex + i) % nodes.size();
                NodeRpc node = nodes.get(index);
                try {
                    boolean switched = index != activeIndex;
                    if (switched && !allDown) {
                        log.warn(
                                "switching to node {} (next in the failover list)",
                                node.endpoint().name());
                    }
                    activeIndex = index;
                    observe(node, switched);
                    readyIndex = notReadyMessage == null && current != null ? index : -1;
                    backoff = FIRST_BACKOFF;
                    return nextWait();
                } catch (NodeUnavailableException e) {
                    readyIndex = -1;
                    if (!allDown) {
                        log.debug("node {} unavailable: {}", node.endpoint().name(), e.getMessage());
                    }
                    lastFailure = e.getMessage();
                }
            }
            return allNodesDown();
        } catch (RuntimeException e) {
            readyIndex = -1;
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
            log.warn(
                    "bitcoin node unavailable ({}). Retrying every {} ms or less until it answers; no new work "
                            + "until then.",
                    reason,
                    MAX_BACKOFF.toMillis());
            notify(() -> listener.onNodeDown(reason));
        }
        Duration wait = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
        return wait;
    }

    /**
     * The fast path: if the active node announced a block we do not build on yet, and its last look found it ready,
     * fetch its template without asking for the best hash or the IBD state first.
     *
     * @return true if that gave the listener a template; false if the full look is still to be done
     */
    private boolean tookAnnouncedBlock() {
        String hash = null;
        for (int i = 0; i < nodes.size(); i++) {
            // Taken from every node, so an announcement seen by this look does not trigger another one.
            String h = announced.getAndSet(i, null);
            if (i == activeIndex) {
                hash = h;
            }
        }
        // Another node's announcement only wakes the full look: the active node may not have that block yet.
        if (hash == null
                || hash.equals(lastPrevHash)
                || readyIndex != activeIndex
                || allDown
                || current == null
                || notReadyMessage != null) {
            return false;
        }
        NodeRpc node = nodes.get(activeIndex);
        try {
            refreshRequested.set(false); // the template fetched now is as fresh as a requested one
            take(node, fetchTemplate(node, "after hashblock " + hash), false);
            return true;
        } catch (NodeUnavailableException | RpcException e) {
            log.debug(
                    "template after hashblock from {} failed ({}); doing the full look",
                    node.endpoint().name(),
                    e.getMessage());
            return false;
        }
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
                notReady(
                        node,
                        "node " + node.endpoint().name() + " is in initial block download ("
                                + String.format(java.util.Locale.ROOT, "%.1f", info.verificationProgress() * 100)
                                + "% verified); waiting before handing out work");
                // Work from before IBD would be stale; hand out none until the node has caught up.
                current = null;
                lastPrevHash = null;
                return;
            }
            take(node, fetchTemplate(node, "after full look"), recovering);
        } catch (RpcException e) {
            // Reachable but not giving work (Core: -10 still syncing, -9 not connected): wait, do not fail over.
            notReady(
                    node,
                    "node " + node.endpoint().name() + " cannot give a block template yet (" + e.getMessage()
                            + "); waiting before handing out work");
        }
    }

    private BlockTemplate fetchTemplate(NodeRpc node, String why) {
        long start = System.nanoTime();
        BlockTemplate template = node.getBlockTemplate(rules);
        if (log.isDebugEnabled()) {
            log.debug(
                    "template for height {} from {} fetched in {} ms ({}, {} transactions)",
                    template.height(),
                    node.endpoint().name(),
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e6),
                    why,
                    template.transactions().size());
        }
        return template;
    }

    private void take(NodeRpc node, BlockTemplate template, boolean recovering) {
        if (notReadyMessage != null) {
            log.info("node {} is ready; handing out work", node.endpoint().name());
            notReadyMessage = null;
        }
        BlockTemplate previous = current;
        boolean newBlock =
                recovering || previous == null || !template.previousBlockHash().equals(previous.previousBlockHash());
        current = template;
        // What the template builds on, not what getbestblockhash said: if they differ the tip moved in between
        // and the next look fetches again.
        lastPrevHash = template.previousBlockHash();
        lastTemplateNanos = System.nanoTime();
        notify(() -> listener.onTemplate(template, newBlock));
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
        if (current == null || notReadyMessage != null) {
            // No template to refresh (IBD, or the node refused one): the refresh clock is stale and would say "now",
            // turning the wait into a 1 ms busy poll of a node that is busy syncing.
            return pollInterval;
        }
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
