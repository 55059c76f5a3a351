package org.potluck.web;

import io.javalin.Javalin;
import java.util.List;

/**
 * The pool's one HTTP server: every endpoint group is a {@link WebRoutes}, so the public API, the dashboard, metrics and
 * the admin API share a port and a thread model (Jetty on virtual threads).
 */
public final class WebServer implements AutoCloseable {
    private final Javalin app;

    public WebServer(List<WebRoutes> routes) {
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new Jackson3Mapper());
            routes.forEach(r -> r.addTo(config));
        });
    }

    /** Starts listening; port 0 picks a free one (see {@link #port()}). */
    public WebServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
