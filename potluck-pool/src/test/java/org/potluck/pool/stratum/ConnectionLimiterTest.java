package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.potluck.pool.PoolListener.ShedReason;

class ConnectionLimiterTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void anAddressAtItsLimitIsRefusedUntilOneOfItsConnectionsCloses() throws Exception {
        var limiter = new ConnectionLimiter(() -> 2, () -> 100);
        assertThat(limiter.tryAcquire(ip("127.0.0.5"))).isNull();
        assertThat(limiter.tryAcquire(ip("127.0.0.5"))).isNull();
        assertThat(limiter.tryAcquire(ip("127.0.0.5"))).isEqualTo(ShedReason.PER_IP_LIMIT);
        assertThat(limiter.tryAcquire(ip("127.0.0.6"))).as("another address").isNull();
        assertThat(limiter.open()).isEqualTo(3);

        limiter.release(ip("127.0.0.5"));
        assertThat(limiter.tryAcquire(ip("127.0.0.5"))).isNull();
    }

    @Test
    void theTotalLimitHoldsAcrossAddresses() throws Exception {
        var limiter = new ConnectionLimiter(() -> 10, () -> 3);
        for (int i = 1; i <= 3; i++) {
            assertThat(limiter.tryAcquire(ip("127.0.1." + i))).isNull();
        }
        assertThat(limiter.tryAcquire(ip("127.0.1.4"))).isEqualTo(ShedReason.TOTAL_LIMIT);
        assertThat(limiter.open()).isEqualTo(3);
        limiter.release(ip("127.0.1.1"));
        assertThat(limiter.tryAcquire(ip("127.0.1.4"))).isNull();
    }

    @Test
    void theDefaultTotalKeepsAReserveOfDescriptorsForEverythingElse() {
        assertThat(ConnectionLimiter.fromDescriptorLimit(1024)).isEqualTo(1024 - 256);
        assertThat(ConnectionLimiter.fromDescriptorLimit(20_000)).isEqualTo(20_000 - 2000);
        assertThat(ConnectionLimiter.fromDescriptorLimit(1_048_576)).isEqualTo(1_048_576 - 4096);
        assertThat(ConnectionLimiter.fromDescriptorLimit(100))
                .as("a tiny limit still lets a few miners in")
                .isEqualTo(64);
        assertThat(ConnectionLimiter.defaultTotalLimit()).isPositive();
    }
}
