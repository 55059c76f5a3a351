package org.potluck.cli.server;

import io.javalin.config.JavalinConfig;
import java.util.LinkedHashMap;
import org.potluck.pool.Pool;
import org.potluck.web.WebRoutes;

/**
 * GET /health: 200 when the pool can do its job (work from a node, a writable journal), 503 otherwise, with the
 * reasons, for load balancers, Docker and systemd watchdogs.
 */
final class HealthRoutes implements WebRoutes {
    private final Pool pool;

    HealthRoutes(Pool pool) {
        this.pool = pool;
    }

    @Override
    public void addTo(JavalinConfig config) {
        config.routes.get("/health", ctx -> {
            boolean work = pool.currentTemplate() != null;
            boolean journal = pool.journal().healthy();
            var body = new LinkedHashMap<String, Object>();
            body.put("status", work && journal ? "ok" : "degraded");
            body.put("work", work ? "current template at height " + pool.currentTemplate().height() : "no work from any node yet");
            body.put("journal", journal ? "writable" : "failing: shares are refused until it recovers");
            body.put("sessions", pool.sessionCount());
            ctx.status(work && journal ? 200 : 503).json(body);
        });
    }
}
