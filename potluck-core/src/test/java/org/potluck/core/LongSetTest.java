package org.potluck.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The duplicate check's primitive set agrees with a HashSet, colliding keys, zero and growth included. */
class LongSetTest {

    @Test
    void agreesWithAHashSetOverRandomAddsRemovesAndClears() {
        var random = new SplittableRandom(7);
        var set = new LongSet();
        Set<Long> reference = new HashSet<>();
        for (int op = 0; op < 200_000; op++) {
            // A small key range makes collisions, re-adds and removals of present keys frequent; multiples of 2^32
            // share their low bits, which a table indexed by low bits alone would pile into one run.
            long key = random.nextInt(4) == 0 ? (long) random.nextInt(64) << 32 : random.nextLong(-500, 500);
            int what = random.nextInt(100);
            if (what < 60) {
                assertThat(set.add(key)).as("add %d", key).isEqualTo(reference.add(key));
            } else if (what < 95) {
                assertThat(set.remove(key)).as("remove %d", key).isEqualTo(reference.remove(key));
            } else if (what == 99 && random.nextInt(20) == 0) {
                set.clear();
                reference.clear();
            } else {
                assertThat(set.contains(key)).as("contains %d", key).isEqualTo(reference.contains(key));
            }
            assertThat(set.size()).isEqualTo(reference.size());
        }
        for (long key = -500; key < 500; key++) {
            assertThat(set.contains(key)).isEqualTo(reference.contains(key));
        }
    }

    @Test
    void holdsAHundredThousandKeysAndGivesTheTableBackWhenCleared() {
        var set = new LongSet();
        var random = new SplittableRandom(11);
        Set<Long> added = new HashSet<>();
        while (added.size() < 100_000) {
            long key = random.nextLong();
            assertThat(set.add(key)).isEqualTo(added.add(key));
        }
        assertThat(set.size()).isEqualTo(100_000);
        added.forEach(k -> assertThat(set.contains(k)).isTrue());
        set.clear();
        assertThat(set.size()).isZero();
        added.forEach(k -> assertThat(set.contains(k)).isFalse());
    }
}
