package org.potluck.cli.server;

import io.javalin.config.JavalinConfig;
import java.util.LinkedHashMap;
import org.potluck.pool.Pool;
import org.potluck.pool.PoolHealth;
import org.potluck.web.WebRoutes;

/**
 * GET /health: 200 when the pool can do its job, 503 otherwise, with the reasons, for load balancers, Docker and
 * systemd watchdogs. The rule is {@link PoolHealth}'s: fresh work from a node, a node that answers, a writable journal
 * and a database that takes the copied shares.
 */
final class HealthRoutes implements WebRoutes {
    private final Pool pool;

    HealthRoutes(Pool pool) {
        this.pool = pool;
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.routes.get("/health", ctx -> {
            PoolHealth health = pool.health();
            var body = new LinkedHashMap<String, Object>();
            body.put("status", health.ok() ? "ok" : "degraded");
            body.put("problems", health.problems());
            body.put("work", health.work().detail());
            body.put("node", health.node().detail());
            body.put("journal", health.journal().detail());
            body.put("database", health.database().detail());
            pool.templateAge().ifPresent(age -> body.put("template_age_seconds", age.toSeconds()));
            body.put("sessions", pool.sessionCount());
            ctx.status(health.ok() ? 200 : 503).json(body);
        });
    }
}
