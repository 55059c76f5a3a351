package org.potluck.pool.stratum;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** IP addresses refused for a while after flooding the pool with bad shares. */
public final class BanList {
    private final Map<InetAddress, Long> until = new ConcurrentHashMap<>();

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
