package org.potluck.pool.stratum;

import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IP addresses refused for a while (after flooding the pool with bad shares, or by the operator), and payout addresses
 * the operator refused.
 */
public final class BanList {
    /** The longest ban: ten years, which means "for good" to an operator and stays far from overflowing nanoseconds. */
    public static final long MAX_SECONDS = 10L * 366 * 24 * 3600;

    private final Map<InetAddress, Long> until = new ConcurrentHashMap<>();
    private final Set<String> addresses = ConcurrentHashMap.newKeySet();

    public void banAddress(String address) {
        addresses.add(address);
    }

    public boolean unbanAddress(String address) {
        return addresses.remove(address);
    }

    public boolean isBannedAddress(String address) {
        return addresses.contains(address);
    }

    public Set<String> bannedAddresses() {
        return Set.copyOf(addresses);
    }

    /** Bans for {@code seconds}, held to 0 to {@link #MAX_SECONDS} (a longer one would overflow into no ban at all). */
    public void ban(InetAddress address, long seconds) {
        long held = Math.clamp(seconds, 0, MAX_SECONDS);
        until.put(address, System.nanoTime() + held * 1_000_000_000L);
    }

    public void unban(InetAddress address) {
        until.remove(address);
    }

    public boolean isBanned(InetAddress address) {
        Long end = until.get(address);
        if (end == null) {
            return false;
        }
        if (System.nanoTime() - end > 0) {
            until.remove(address, end);
            return false;
        }
        return true;
    }
}
