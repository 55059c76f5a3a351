package org.potluck.cli.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.potluck.pool.ConnectedMiner;
import org.potluck.pool.Pool;
import org.potluck.pool.stratum.BanList;
import org.potluck.web.WebRoutes;

/**
 * The operator's API under /admin, behind a bearer token: list and kick sessions, ban and unban IPs and payout
 * addresses, reload the config file. Every answer is JSON; a wrong or missing token gets 401 and nothing else. Unless
 * {@code web.admin_allow_remote} is set, only requests from a loopback address are answered (others get 403), so that
 * the token never has to cross a network in clear: remote operators come through an SSH tunnel or a TLS proxy.
 * Bans set here are kept in the database and restored at start ({@link org.potluck.pool.stratum.OperatorBans}).
 */
final class AdminRoutes implements WebRoutes {
    private static final long DEFAULT_BAN_SECONDS = 24 * 3600;
    private final Pool pool;
    private final byte[] token;
    private final boolean allowRemote;
    private final ConfigReload reload;

    AdminRoutes(Pool pool, String token, boolean allowRemote, ConfigReload reload) {
        this.pool = pool;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.allowRemote = allowRemote;
        this.reload = reload;
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.routes.before("/admin/*", this::authorize);
        config.routes.get(
                "/admin/sessions",
                ctx -> ctx.json(pool.connectedMiners().list().stream()
                        .map(AdminRoutes::view)
                        .toList()));
        config.routes.post("/admin/sessions/{id}/kick", ctx -> {
            String id = ctx.pathParam("id");
            int kicked = pool.connectedMiners().kick(id) ? 1 : 0;
            ctx.status(kicked == 0 ? 404 : 200).json(Map.of("kicked", kicked));
        });
        config.routes.post("/admin/bans/ip/{ip}", ctx -> {
            InetAddress ip = bannable(ip(ctx));
            long seconds = banSeconds(ctx.queryParam("seconds"));
            pool.operatorBans().banIp(ip, seconds);
            int kicked = pool.connectedMiners().kickFrom(ip);
            ctx.json(Map.of("banned", ip.getHostAddress(), "seconds", seconds, "kicked", kicked, "persistent", true));
        });
        config.routes.delete("/admin/bans/ip/{ip}", ctx -> {
            InetAddress ip = ip(ctx);
            pool.operatorBans().unbanIp(ip);
            ctx.json(Map.of("unbanned", ip.getHostAddress()));
        });
        config.routes.post("/admin/reload", ctx -> {
            ConfigReload.Outcome outcome = reload.reload();
            ctx.status(outcome.status()).json(outcome.body());
        });
        config.routes.get("/admin/bans/addresses", ctx -> ctx.json(pool.bans().bannedAddresses()));
        config.routes.post("/admin/bans/address/{address}", ctx -> {
            String address = ctx.pathParam("address");
            pool.operatorBans().banAddress(address);
            int kicked = pool.connectedMiners().kickPaying(address);
            ctx.json(Map.of("banned", address, "kicked", kicked));
        });
        config.routes.delete("/admin/bans/address/{address}", ctx -> {
            boolean was = pool.operatorBans().unbanAddress(ctx.pathParam("address"));
            ctx.status(was ? 200 : 404).json(Map.of("unbanned", ctx.pathParam("address")));
        });
    }

    /**
     * Where the request came from first (the TCP peer: forwarded headers are not trusted, anyone can send them), then
     * the token, compared in constant time so that it cannot be guessed a byte at a time from response times.
     */
    private void authorize(Context ctx) {
        if (!answers(ctx.req().getRemoteAddr(), allowRemote)) {
            throw new ForbiddenResponse(
                    "admin API: only answers requests from this machine (loopback); reach it through"
                            + " an SSH tunnel or a reverse proxy with TLS, or set web.admin_allow_remote = true");
        }
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            throw new UnauthorizedResponse(
                    "admin API: send the token from web.admin_token as 'Authorization: Bearer TOKEN'");
        }
    }

    /** Whether a request from {@code remote} (an IP literal) is answered: from loopback always, else only if allowed. */
    static boolean answers(String remote, boolean allowRemote) {
        if (allowRemote) {
            return true;
        }
        try {
            String bare =
                    remote.startsWith("[") && remote.endsWith("]") ? remote.substring(1, remote.length() - 1) : remote;
            return InetAddress.ofLiteral(bare).isLoopbackAddress();
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static InetAddress ip(Context ctx) {
        String text = ctx.pathParam("ip");
        // Only literal addresses: a host name would make the server resolve DNS on the operator's behalf.
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("not an IP address: " + text);
        }
    }

    /** No client connects from the unspecified, a multicast or the broadcast address: banning one is a mistake. */
    private static InetAddress bannable(InetAddress ip) {
        String why = ip.isAnyLocalAddress()
                ? "the unspecified address"
                : ip.isMulticastAddress()
                        ? "a multicast address"
                        : ip.getHostAddress().equals("255.255.255.255") ? "the broadcast address" : null;
        if (why != null) {
            throw new BadRequestResponse("cannot ban " + ip.getHostAddress() + ": it is " + why
                    + ", which no miner connects from; give the miner's own address");
        }
        return ip;
    }

    /** Absent: a day. Else a whole number of seconds from 1 to ten years; anything else is refused, not bent. */
    private static long banSeconds(String text) {
        if (text == null) {
            return DEFAULT_BAN_SECONDS;
        }
        long seconds;
        try {
            seconds = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 1 || seconds > BanList.MAX_SECONDS) {
            throw new BadRequestResponse("seconds: expected a whole number from 1 to " + BanList.MAX_SECONDS
                    + " (ten years), got \"" + text + "\"");
        }
        return seconds;
    }

    /** The fields and order the admin API has always answered with; the protocol is not among them. */
    private static Map<String, Object> view(ConnectedMiner s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", s.id());
        m.put("user", s.user());
        m.put("remote", s.remote());
        m.put("userAgent", s.userAgent());
        m.put("difficulty", s.difficulty());
        return m;
    }
}
