package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.store.ShareStores;

/** The operator's bans in a real SQLite store: kept across a restart until they end, and never longer than ten years. */
class OperatorBansTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final InetAddress IP = InetAddress.ofLiteral("203.0.113.7");

    private static Clock at(long secondsAfterT0) {
        return Clock.fixed(T0.plusSeconds(secondsAfterT0), ZoneOffset.UTC);
    }

    @Test
    void anIpBanIsRestoredUntilItEndsAndNotAfter(@TempDir Path dir) {
        try (var store = ShareStores.open("", dir)) {
            OperatorBans.restore(new BanList(), store, at(0)).banIp(IP, 600);

            var soon = new BanList();
            OperatorBans.restore(soon, store, at(590));
            assertThat(soon.isBanned(IP)).as("ten seconds left").isTrue();

            var late = new BanList();
            OperatorBans.restore(late, store, at(600));
            assertThat(late.isBanned(IP)).as("ended while the pool was down").isFalse();
        }
    }

    @Test
    void liftedBansStayLiftedAndAddressBansComeBack(@TempDir Path dir) {
        try (var store = ShareStores.open("", dir)) {
            var bans = OperatorBans.restore(new BanList(), store, at(0));
            bans.banIp(IP, 600);
            bans.unbanIp(IP);
            bans.banAddress("bcrt1qkept");
            bans.banAddress("bcrt1qlifted");
            assertThat(bans.unbanAddress("bcrt1qlifted")).isTrue();

            var after = new BanList();
            OperatorBans.restore(after, store, at(1));
            assertThat(after.isBanned(IP)).isFalse();
            assertThat(after.bannedAddresses()).containsExactly("bcrt1qkept");
        }
    }

    @Test
    void aBanLongerThanTenYearsIsRefusedAndTheListHoldsAnyLengthWithoutOverflow(@TempDir Path dir) {
        try (var store = ShareStores.open("", dir)) {
            var bans = OperatorBans.restore(new BanList(), store, at(0));
            assertThatThrownBy(() -> bans.banIp(IP, 9_300_000_000L)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> bans.banIp(IP, 0)).isInstanceOf(IllegalArgumentException.class);
        }
        // 9,300,000,000 s in nanoseconds overflows a long: the list holds it to ten years instead of no ban at all.
        var list = new BanList();
        list.ban(IP, 9_300_000_000L);
        assertThat(list.isBanned(IP)).isTrue();
        list.ban(IP, Long.MAX_VALUE);
        assertThat(list.isBanned(IP)).isTrue();
    }
}
