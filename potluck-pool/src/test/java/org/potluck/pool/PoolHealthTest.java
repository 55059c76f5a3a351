package org.potluck.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The health rule itself; HealthEndToEndTest (potluck-cli) checks it on a real pool whose disk or node fails. */
class PoolHealthTest {
    private static final Duration REFRESH = Duration.ofSeconds(30);

    private static PoolHealth.State fine() {
        return new PoolHealth.State(101, Duration.ofSeconds(5), REFRESH, null, null, null);
    }

    @Test
    void aPoolWithFreshWorkANodeAndWritableStorageIsHealthy() {
        PoolHealth health = PoolHealth.assess(fine());
        assertThat(health.ok()).isTrue();
        assertThat(health.storeOk()).isTrue();
        assertThat(health.problems()).isEmpty();
    }

    @Test
    void aTemplateIsStaleOnlyAfterTheRefreshIntervalPlusTwoMinutes() {
        Duration limit = REFRESH.plus(PoolHealth.STALE_GRACE);
        assertThat(limit).isEqualTo(Duration.ofSeconds(150));
        var atLimit = new PoolHealth.State(101, limit, REFRESH, null, null, null);
        assertThat(PoolHealth.assess(atLimit).ok()).isTrue();
        var beyond = new PoolHealth.State(101, limit.plusSeconds(1), REFRESH, null, null, null);
        PoolHealth stale = PoolHealth.assess(beyond);
        assertThat(stale.ok()).isFalse();
        assertThat(stale.problems())
                .singleElement()
                .asString()
                .startsWith("work: template at height 101 is 151 s old")
                .contains("stale after 150 s");
    }

    @Test
    void eachFailingPartIsNamedInTheProblems() {
        var state = new PoolHealth.State(null, null, REFRESH, "connection refused", "disk full", "SQLITE_FULL");
        PoolHealth health = PoolHealth.assess(state);
        assertThat(health.ok()).isFalse();
        assertThat(health.storeOk()).isFalse();
        assertThat(health.problems()).hasSize(4);
        assertThat(health.problems().get(0)).isEqualTo("work: no work from any node yet");
        assertThat(health.problems().get(1)).startsWith("node: unreachable (connection refused)");
        assertThat(health.problems().get(2)).startsWith("journal: failing").endsWith("disk full");
        assertThat(health.problems().get(3)).startsWith("database: failing").endsWith("SQLITE_FULL");
    }

    @Test
    void aFailingDatabaseAloneMakesTheStoreUnhealthy() {
        var state = new PoolHealth.State(101, Duration.ofSeconds(5), REFRESH, null, null, "SQLITE_FULL");
        assertThat(PoolHealth.assess(state).storeOk()).isFalse();
        assertThat(PoolHealth.assess(state).ok()).isFalse();
    }
}
