package org.potluck.pool.hardening;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.potluck.pool.config.PoolConfig;
import org.potluck.pool.stratum.RegtestPoolExtension;

/**
 * A pool for all the tests of a hardening class, and the check every such test ends with: no session is left behind
 * (an attacker's connections must all be gone). Register as a static field with {@code @RegisterExtension}.
 */
final class HardeningPool extends RegtestPoolExtension implements AfterEachCallback {
    HardeningPool(UnaryOperator<PoolConfig> tweak) {
        super(tweak);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        await().atMost(Duration.ofSeconds(15)).until(() -> get().pool.sessionCount() == 0);
    }
}
