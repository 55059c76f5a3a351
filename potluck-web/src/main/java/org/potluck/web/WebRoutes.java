package org.potluck.web;

import io.javalin.config.JavalinConfig;

/** One group of HTTP endpoints (public API, dashboard, metrics, admin), added to the one web server. */
public interface WebRoutes {
    void addTo(JavalinConfig config);
}
