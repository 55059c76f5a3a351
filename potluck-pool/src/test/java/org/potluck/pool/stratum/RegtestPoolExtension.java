package org.potluck.pool.stratum;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.potluck.pool.RegtestPool;
import org.potluck.pool.config.PoolConfig;

/**
 * One regtest node and pool for all the tests of a class (starting them costs seconds; a test costs milliseconds).
 * Register it as a static field: {@code @RegisterExtension static final RegtestPoolExtension POOL = ...}.
 */
public class RegtestPoolExtension implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<PoolConfig> tweak;
    private RegtestPool pool;

    public RegtestPoolExtension(UnaryOperator<PoolConfig> tweak) {
        this.tweak = tweak;
    }

    /** A pool with {@link TestStratumConfig#tinyDifficulty()}. */
    static RegtestPoolExtension withTinyDifficulty() {
        return new RegtestPoolExtension(TestStratumConfig.tinyDifficulty());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        pool = RegtestPool.start(tweak);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (pool != null) {
            pool.close();
        }
    }

    public RegtestPool get() {
        return pool;
    }

    public int port() {
        return pool.port();
    }
}
