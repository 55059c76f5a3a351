package org.potluck.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.potluck.web.api.PublicApiRoutes;
import org.potluck.web.dashboard.DashboardRoutes;

/**
 * The live streams a route group counts its SSE and WebSocket clients against are the web server's, made and closed
 * where the server is wired (PotluckServer). A constructor that made its own would hide a second set of limits and a
 * watchdog thread that nobody closes.
 */
class RouteGroupsTakeTheirStreamsTest {
    @Test
    void everyConstructorOfAStreamingRouteGroupIsGivenItsLiveStreams() {
        for (Class<?> group : List.of(PublicApiRoutes.class, DashboardRoutes.class)) {
            Constructor<?>[] constructors = group.getConstructors();
            assertThat(constructors).as(group.getSimpleName()).isNotEmpty();
            for (Constructor<?> c : constructors) {
                assertThat(Arrays.asList(c.getParameterTypes()))
                        .as(c.toString())
                        .contains(LiveStreams.class);
            }
        }
    }
}
