package org.potluck.pool.stratum;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.potluck.store.ShareStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bans an operator sets through the admin API, kept in the database's settings so that a restarted pool still
 * refuses them. IP bans are stored with their wall-clock end (the {@link BanList} counts on the monotonic clock, which
 * does not survive a restart); payout-address bans last until lifted. The pool's own short bans of flooding clients
 * ({@code stratum.ban_seconds}) are not kept: a restart forgives them.
 */
public final class OperatorBans {
    /** The setting that holds the bans, as JSON: {@code {"ips": {"IP": endEpochSecond}, "addresses": [...]}}. */
    public static final String KEY = "admin.bans";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BanList bans;
    private final ShareStore store;
    private final Clock clock;
    private final Map<InetAddress, Instant> ipEnds = new LinkedHashMap<>();
    private final Set<String> addresses = new TreeSet<>();

    private OperatorBans(BanList bans, ShareStore store, Clock clock) {
        this.bans = bans;
        this.store = store;
        this.clock = clock;
    }

    /** Reads the stored bans into {@code bans}; bans that ended while the pool was down are dropped. */
    public static OperatorBans restore(BanList bans, ShareStore store, Clock clock) {
        var operator = new OperatorBans(bans, store, clock);
        String text = store.settings().get(KEY);
        if (text != null) {
            JsonNode stored = JSON.readTree(text);
            Instant now = clock.instant();
            for (var entry : stored.path("ips").properties()) {
                Instant end = Instant.ofEpochSecond(entry.getValue().asLong());
                long left = end.getEpochSecond() - now.getEpochSecond();
                if (left > 0) {
                    InetAddress ip = literal(entry.getKey());
                    operator.ipEnds.put(ip, end);
                    bans.ban(ip, left);
                }
            }
            for (JsonNode a : stored.path("addresses")) {
                operator.addresses.add(a.asString());
                bans.banAddress(a.asString());
            }
        }
        return operator;
    }

    /** Bans {@code ip} for {@code seconds} (1 to {@link BanList#MAX_SECONDS}), here and after a restart. */
    public synchronized void banIp(InetAddress ip, long seconds) {
        if (seconds < 1 || seconds > BanList.MAX_SECONDS) {
            throw new IllegalArgumentException("a ban lasts 1 to " + BanList.MAX_SECONDS + " seconds, not " + seconds);
        }
        bans.ban(ip, seconds);
        ipEnds.put(ip, clock.instant().plusSeconds(seconds));
        save();
    }

    public synchronized void unbanIp(InetAddress ip) {
        bans.unban(ip);
        ipEnds.remove(ip);
        save();
    }

    public synchronized void banAddress(String address) {
        bans.banAddress(address);
        addresses.add(address);
        save();
    }

    /** @return whether the address was banned */
    public synchronized boolean unbanAddress(String address) {
        boolean was = bans.unbanAddress(address);
        addresses.remove(address);
        save();
        return was;
    }

    private void save() {
        Instant now = clock.instant();
        ipEnds.values().removeIf(end -> !end.isAfter(now));
        ObjectNode o = JSON.createObjectNode();
        ObjectNode ips = o.putObject("ips");
        ipEnds.forEach((ip, end) -> ips.put(ip.getHostAddress(), end.getEpochSecond()));
        var list = o.putArray("addresses");
        addresses.forEach(list::add);
        store.putSetting(KEY, JSON.writeValueAsString(o));
    }

    /** Stored IPs are literals this class wrote, so no name is ever looked up. */
    private static InetAddress literal(String text) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "setting " + KEY + " holds \"" + text + "\", which is not an IP address", e);
        }
    }
}
