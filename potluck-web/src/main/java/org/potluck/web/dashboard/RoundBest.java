package org.potluck.web.dashboard;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The best share difficulty within the current round. A new round is a new number, so resetting every worker at once
 * costs nothing: a mark from an older round simply reads as zero.
 */
final class RoundBest {
    private record Mark(long round, double difficulty) {}

    private final AtomicReference<Mark> mark = new AtomicReference<>(new Mark(Long.MIN_VALUE, 0));

    void offer(long round, double difficulty) {
        Mark current = mark.get();
        // Only an improvement allocates: the hot path is one volatile read and a comparison.
        while (current.round < round || (current.round == round && difficulty > current.difficulty)) {
            if (mark.compareAndSet(current, new Mark(round, difficulty))) {
                return;
            }
            current = mark.get();
        }
    }

    double in(long round) {
        Mark m = mark.get();
        return m.round == round ? m.difficulty : 0;
    }
}
