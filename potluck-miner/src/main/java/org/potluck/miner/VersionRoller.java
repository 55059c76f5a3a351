package org.potluck.miner;

/** Steps through every combination of the bits allowed by a (possibly non-contiguous) BIP310 version mask. */
final class VersionRoller {
    private VersionRoller() {}

    /**
     * The next value of the rolled bits: setting every bit outside the mask before adding one makes the carry jump
     * straight over them, so the result is "counter + 1" spread across the mask. Wraps to 0 after the last value.
     */
    static int next(int bits, int mask) {
        return ((bits | ~mask) + 1) & mask;
    }
}
