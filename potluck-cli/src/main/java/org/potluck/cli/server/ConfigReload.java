package org.potluck.cli.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.potluck.cli.config.ConfigLoader;
import org.potluck.cli.config.PotluckConfig;
import org.potluck.config.ConfigException;
import org.potluck.config.RestartRequiredException;
import org.potluck.pool.Pool;

/**
 * Re-reads the config file the pool was started with and applies what can change while miners stay connected: the
 * live keys ({@link PotluckConfig#LIVE_KEYS}: the pool's and the webhook URL). All or nothing: a file that is invalid
 * or that changes a restart-only key (of any section) changes nothing.
 */
final class ConfigReload {
    /** What the admin API answers: an HTTP status and a JSON body. */
    record Outcome(int status, Map<String, Object> body) {}

    private final Path file;
    private final Pool pool;
    private final BlockWebhook webhook;
    /** What the server runs with now: the last config applied. */
    private PotluckConfig current;

    /** @param file null when the pool's config did not come from a file (then reloads are refused) */
    ConfigReload(Path file, PotluckConfig started, Pool pool, BlockWebhook webhook) {
        this.file = file;
        this.current = started;
        this.pool = pool;
        this.webhook = webhook;
    }

    synchronized Outcome reload() {
        if (file == null) {
            return error(
                    409, "this pool was not started from a config file (potluck run --config FILE): nothing to reload");
        }
        PotluckConfig next;
        try {
            next = ConfigLoader.load(file);
        } catch (IOException e) {
            return error(400, "cannot read " + file + ": " + e.getMessage());
        } catch (ConfigException e) {
            return error(400, e.getMessage());
        }
        // Every section is compared before anything is applied: the pool only sees its own keys.
        List<String> changed = PotluckConfig.changedKeys(current, next);
        try {
            List<String> restart = PotluckConfig.needingRestart(changed);
            if (!restart.isEmpty()) {
                throw new RestartRequiredException(restart);
            }
            pool.reload(next.pool());
        } catch (RestartRequiredException e) {
            Outcome refused = error(400, e.getMessage());
            refused.body().put("restartRequired", e.keys());
            return refused;
        } catch (ConfigException e) {
            return error(400, e.getMessage());
        }
        if (changed.contains("ops.webhook_url")) {
            webhook.pointAt(next.ops().webhookUrl());
        }
        current = next;
        var body = new LinkedHashMap<String, Object>();
        body.put("reloaded", file.toString());
        body.put("changed", changed);
        return new Outcome(200, body);
    }

    private static Outcome error(int status, String message) {
        var body = new LinkedHashMap<String, Object>();
        body.put("error", message);
        return new Outcome(status, body);
    }
}
