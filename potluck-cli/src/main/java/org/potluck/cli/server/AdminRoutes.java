package org.potluck.cli.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.potluck.pool.Pool;
import org.potluck.pool.stratum.MinerSession;
import org.potluck.web.WebRoutes;

/**
 * The operator's API under /admin, behind a bearer token: list and kick sessions, ban and unban IPs and payout
 * addresses, reload the config file. Every answer is JSON; a wrong or missing token gets 401 and nothing else.
 */
final class AdminRoutes implements WebRoutes {
    private static final long DEFAULT_BAN_SECONDS = 24 * 3600;
    private final Pool pool;
    private final byte[] token;
    private final ConfigReload reload;

    AdminRoutes(Pool pool, String token, ConfigReload reload) {
        this.pool = pool;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.reload = reload;
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.routes.before("/admin/*", this::authorize);
        config.routes.get("/admin/sessions", ctx -> ctx.json(pool.sessions().stream().map(AdminRoutes::view).toList()));
        config.routes.post("/admin/sessions/{id}/kick", ctx -> {
            String id = ctx.pathParam("id");
            int kicked = kick(s -> s.id().equals(id));
            ctx.status(kicked == 0 ? 404 : 200).json(Map.of("kicked", kicked));
        });
        config.routes.post("/admin/bans/ip/{ip}", ctx -> {
            InetAddress ip = ip(ctx);
            long seconds = ctx.queryParamAsClass("seconds", Long.class).check(s -> s > 0, "must be above 0")
                    .getOrDefault(DEFAULT_BAN_SECONDS);
            pool.bans().ban(ip, seconds);
            int kicked = kick(s -> s.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress().equals(ip));
            ctx.json(Map.of("banned", ip.getHostAddress(), "seconds", seconds, "kicked", kicked));
        });
        config.routes.delete("/admin/bans/ip/{ip}", ctx -> {
            InetAddress ip = ip(ctx);
            pool.bans().unban(ip);
            ctx.json(Map.of("unbanned", ip.getHostAddress()));
        });
        config.routes.post("/admin/reload", ctx -> {
            ConfigReload.Outcome outcome = reload.reload();
            ctx.status(outcome.status()).json(outcome.body());
        });
        config.routes.get("/admin/bans/addresses", ctx -> ctx.json(pool.bans().bannedAddresses()));
        config.routes.post("/admin/bans/address/{address}", ctx -> {
            String address = ctx.pathParam("address");
            pool.bans().banAddress(address);
            int kicked = kick(s -> address.equals(s.address()));
            ctx.json(Map.of("banned", address, "kicked", kicked));
        });
        config.routes.delete("/admin/bans/address/{address}", ctx -> {
            boolean was = pool.bans().unbanAddress(ctx.pathParam("address"));
            ctx.status(was ? 200 : 404).json(Map.of("unbanned", ctx.pathParam("address")));
        });
    }

    /** Constant-time comparison, so the token cannot be guessed a byte at a time from response times. */
    private void authorize(Context ctx) {
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, token)) {
            throw new UnauthorizedResponse("admin API: send the token from web.admin_token as 'Authorization: Bearer TOKEN'");
        }
    }

    private int kick(java.util.function.Predicate<MinerSession> which) {
        List<MinerSession> chosen = pool.sessions().stream().filter(which).toList();
        chosen.forEach(s -> s.channel().close());
        return chosen.size();
    }

    private static InetAddress ip(Context ctx) {
        String text = ctx.pathParam("ip");
        // Only literal addresses: a host name would make the server resolve DNS on the operator's behalf.
        if (!text.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new io.javalin.http.BadRequestResponse("not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new io.javalin.http.BadRequestResponse("not an IP address: " + text);
        }
    }

    private static Map<String, Object> view(MinerSession s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", s.id());
        m.put("user", s.user());
        m.put("remote", s.remote());
        m.put("userAgent", s.userAgent());
        m.put("difficulty", s.difficulty());
        return m;
    }
}
