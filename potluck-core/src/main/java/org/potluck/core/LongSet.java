package org.potluck.core;

import java.util.Arrays;

/**
 * A set of longs in one array, with no boxing: the duplicate check adds one key per accepted share, on the event loop,
 * and a {@code HashSet<Long>} costs an object and a node for each. Open addressing with linear probing; the key 0 is
 * kept apart, since an empty slot is 0. Not thread-safe. No removal by tombstone is needed often (a storage failure),
 * so removal shifts the following run back instead (Knuth's algorithm R), which keeps lookups short.
 */
final class LongSet {
    private static final int MIN_CAPACITY = 16;

    private long[] slots = new long[MIN_CAPACITY];
    private int size;
    private boolean hasZero;

    /** Adds a key; false when it was already there. */
    boolean add(long key) {
        if (key == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            size++;
            return true;
        }
        int mask = slots.length - 1;
        for (int i = index(key, mask); ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == 0) {
                slots[i] = key;
                if (++size * 2 > slots.length) {
                    grow();
                }
                return true;
            }
            if (slot == key) {
                return false;
            }
        }
    }

    boolean contains(long key) {
        if (key == 0) {
            return hasZero;
        }
        int mask = slots.length - 1;
        for (int i = index(key, mask); ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == 0) {
                return false;
            }
            if (slot == key) {
                return true;
            }
        }
    }

    /** Takes a key out; false when it was not there. */
    boolean remove(long key) {
        if (key == 0) {
            if (!hasZero) {
                return false;
            }
            hasZero = false;
            size--;
            return true;
        }
        int mask = slots.length - 1;
        int i = index(key, mask);
        while (slots[i] != key) {
            if (slots[i] == 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = 0;
        size--;
        // Move back every key of the run after the hole that would no longer be found past it.
        for (int j = (i + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            int home = index(slots[j], mask);
            boolean reachable = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!reachable) {
                slots[i] = slots[j];
                slots[j] = 0;
                i = j;
            }
        }
        return true;
    }

    /** Empties the set; a table grown by a busy block is given back rather than kept for the next. */
    void clear() {
        if (slots.length > MIN_CAPACITY * 64) {
            slots = new long[MIN_CAPACITY];
        } else {
            Arrays.fill(slots, 0);
        }
        size = 0;
        hasZero = false;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long key : old) {
            if (key != 0) {
                int i = index(key, mask);
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = key;
            }
        }
    }

    /** The keys are hash bytes, already uniform; the mix only guards against callers with patterned keys. */
    private static int index(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
