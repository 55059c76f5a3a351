package org.potluck.pool.stratum;

import java.util.function.UnaryOperator;
import org.potluck.pool.config.PoolConfig;

/**
 * Stratum settings for the protocol tests. Difficulties are far below the regtest defaults so that a test can grind a
 * valid share in milliseconds (difficulty d costs about d × 2^32 hashes).
 */
final class TestStratumConfig {
    static final double START_DIFFICULTY = 1e-6;
    static final double MIN_DIFFICULTY = 1e-8;
    static final double MAX_DIFFICULTY = 1e-5;

    private TestStratumConfig() {}

    static UnaryOperator<PoolConfig> tinyDifficulty() {
        return limits(60, 60);
    }

    /** Tiny difficulties plus these limits on connections that never authorize and on banned addresses. */
    static UnaryOperator<PoolConfig> limits(int idleSecondsBeforeAuthorize, int banSeconds) {
        return c -> {
            var s = c.stratum();
            return c.withStratum(new PoolConfig.StratumConfig(
                    s.host(),
                    s.port(),
                    START_DIFFICULTY,
                    MIN_DIFFICULTY,
                    MAX_DIFFICULTY,
                    s.targetShareSeconds(),
                    s.versionMask(),
                    s.extranonce2Size(),
                    s.coinbaseTag(),
                    s.maxLineBytes(),
                    idleSecondsBeforeAuthorize,
                    banSeconds));
        };
    }
}
