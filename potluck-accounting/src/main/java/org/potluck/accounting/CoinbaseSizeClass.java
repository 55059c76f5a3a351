package org.potluck.accounting;

import java.util.List;
import java.util.Locale;

/**
 * How large a coinbase a miner's firmware handles, recognised by its user agent (see protocol-notes): ESP-Miner
 * (Bitaxe and its relatives) truncates coinbases over 384 bytes, older Antminer/cgminer builds break at about 750
 * bytes, Whatsminer firmware at about 6500.
 *
 * <p>When a user agent names more than one family, the most restrictive class wins: a coinbase that is too small is
 * merely less paying, one that is too large loses blocks.
 */
public enum CoinbaseSizeClass {
    ESP_MINER(384, List.of("bitaxe", "esp-miner", "nerdaxe", "nerdqaxe", "nmaxe")),
    ANTMINER(750, List.of("antminer", "bmminer", "cgminer")),
    WHATSMINER(6500, List.of("whatsminer", "btminer")),
    UNLIMITED(Integer.MAX_VALUE, List.of());

    /** Bytes one payout output takes at most in common use: 8 value + 1 script length + 34 script (P2WSH/P2TR). */
    public static final int BYTES_PER_OUTPUT = 43;

    private final int limitBytes;
    private final List<String> userAgentMarks;

    CoinbaseSizeClass(int limitBytes, List<String> userAgentMarks) {
        this.limitBytes = limitBytes;
        this.userAgentMarks = userAgentMarks;
    }

    /** The class of a miner by case-insensitive substring of its user agent; null or unknown is unlimited. */
    public static CoinbaseSizeClass forUserAgent(String userAgent) {
        if (userAgent == null) {
            return UNLIMITED;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        for (CoinbaseSizeClass sizeClass : values()) {
            for (String mark : sizeClass.userAgentMarks) {
                if (ua.contains(mark)) {
                    return sizeClass;
                }
            }
        }
        return UNLIMITED;
    }

    /** The largest coinbase this class handles, in non-witness bytes; {@link Integer#MAX_VALUE} when unlimited. */
    public int limitBytes() {
        return limitBytes;
    }

    public boolean isLimited() {
        return this != UNLIMITED;
    }

    /**
     * How many payout outputs fit in this class's coinbase; {@link Integer#MAX_VALUE} when unlimited.
     *
     * @param fixedBytes non-witness size of the coinbase with no payout outputs
     */
    public int maxOutputs(int fixedBytes) {
        return isLimited() ? maxOutputsFor(limitBytes, fixedBytes) : Integer.MAX_VALUE;
    }

    /**
     * (limit − fixed) / 43, at least 1: a coinbase must pay someone even if the template alone is already too large.
     *
     * @param fixedBytes non-witness size of the coinbase with no payout outputs
     */
    public static int maxOutputsFor(int limitBytes, int fixedBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("coinbase size limit must be positive, got " + limitBytes);
        }
        if (fixedBytes < 0) {
            throw new IllegalArgumentException("fixed coinbase size must not be negative, got " + fixedBytes);
        }
        return Math.max(1, (limitBytes - fixedBytes) / BYTES_PER_OUTPUT);
    }
}
