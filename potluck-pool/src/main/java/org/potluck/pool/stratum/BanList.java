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

    public void ban(InetAddress address, long seconds) {
        until.put(address, System.nanoTime() + seconds * 1_000_000_000L);
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
