package org.potluck.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The open-loop clock of one event loop: every tick it offers the shares due by then at its part of the total rate,
 * whether or not answers came back, as real miners send. The count due is computed from the start (rate x elapsed),
 * not per tick, so a late tick (the generator's core was busy) offers its backlog at once and the offered total over
 * the window stays what was asked for. Shares go to the loop's miners in turn, each written without a flush, and each
 * miner that got any is flushed once at the end of the tick. Runs on its event loop only.
 */
final class OpenLoopPacer implements Runnable {
    private final List<SimulatedMiner> miners;
    private final double sharesPerSecond;
    private final long startNanos;
    private final List<SimulatedMiner> toFlush = new ArrayList<>();
    private long issued;
    private int next;

    OpenLoopPacer(List<SimulatedMiner> miners, double sharesPerSecond, long startNanos) {
        if (miners.isEmpty()) {
            throw new IllegalArgumentException("a pacer needs at least one miner");
        }
        this.miners = List.copyOf(miners);
        this.sharesPerSecond = sharesPerSecond;
        this.startNanos = startNanos;
    }

    @Override
    public void run() {
        long due = (long) ((System.nanoTime() - startNanos) * sharesPerSecond / 1e9) - issued;
        for (long i = 0; i < due; i++) {
            SimulatedMiner miner = miners.get(next);
            next = next + 1 == miners.size() ? 0 : next + 1;
            if (miner.offer()) {
                toFlush.add(miner);
            }
        }
        issued += Math.max(0, due);
        for (SimulatedMiner miner : toFlush) {
            miner.flushIfPending();
        }
        toFlush.clear();
    }
}
