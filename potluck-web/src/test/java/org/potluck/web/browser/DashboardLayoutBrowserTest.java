package org.potluck.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.potluck.core.Rejection;
import org.potluck.web.LiveStreams;
import org.potluck.web.WebServer;
import org.potluck.web.dashboard.DashboardRoutes;
import org.potluck.web.dashboard.Events;
import org.potluck.web.dashboard.LiveStats;
import org.potluck.web.dashboard.PayoutPreview;

/**
 * What the dashboard shows a person on a 1280-px projector and a 390-px phone, in a real headless Chromium, with the
 * pool's numbers made by hand on a clock the test holds (so that each case is exactly the one looked at): worker names
 * on the leaderboards, what "solo" means for the next block, reject reasons read whole, a chart that does not end in
 * the dip of a bucket still filling, and cards that say they are loading rather than "never" and "0".
 */
class DashboardLayoutBrowserTest {
    /** Real regtest addresses are 44 characters: long enough to push a worker name out of a narrow column. */
    private static final String BITAXE_OWNER = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

    private static final String RIG_OWNER = "bcrt1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0g";
    private static final String LONG_REASON = "share rejected: the ntime 6a3f0c1b is outside the window the pool allows"
            + " (from 6a3efa00 to 6a3f1d10) for job 0000000000000a3f; check the miner's clock and its ntime-rolling setting";

    private static Events.TestClock clock;
    private static LiveStats stats;
    private static LiveStreams streams;
    private static DashboardRoutes dashboard;
    private static WebServer web;
    private static String base;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        // Mid-minute, after five whole minutes of shares: the minute that is filling has none yet.
        clock = new Events.TestClock(Events.START);
        stats = new LiveStats(clock, LiveStats.RoundReset.POOL_BLOCK);
        stats.minerAuthorized(BITAXE_OWNER + ".bitaxe", "bitaxe/2.4", "127.0.0.1", 1);
        stats.minerAuthorized(RIG_OWNER + ".rig1", "cgminer/4.12", "127.0.0.1", 1);
        for (int minute = 0; minute < 5; minute++) {
            for (int i = 0; i < 6; i++) {
                stats.shareAccepted(Events.share(BITAXE_OWNER, "bitaxe", 2, 40 + i));
                stats.shareAccepted(Events.share(RIG_OWNER, "rig1", 1, 20 + i));
                clock.advance(Duration.ofSeconds(10));
            }
        }
        clock.advance(Duration.ofSeconds(3));
        stats.shareRejected(RIG_OWNER + ".rig1", Rejection.NTIME_OUT_OF_RANGE, LONG_REASON);
        PayoutPreview solo = new PayoutPreview() {
            @Override
            public List<Payout> nextBlock() {
                return List.of();
            }

            @Override
            public String scheme() {
                return "solo";
            }
        };
        streams = LiveStreams.withDefaults();
        dashboard = new DashboardRoutes(stats, solo, (address, limit) -> List.of(), Duration.ofMillis(500), streams);
        web = new WebServer(List.of(dashboard)).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + web.port();
        browser = DashboardBrowserTest.startChromium();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (web != null) {
            web.close();
        }
        if (dashboard != null) {
            dashboard.close();
            streams.close();
        }
    }

    private static void openPool(int width) {
        DashboardBrowserTest.emulate(browser, width, 900);
        browser.get(base + "/");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> !browser.findElement(By.id("accepted")).getText().equals("…"));
    }

    @Test
    void leaderboardsShowEachWorkersNameWholeBesideAShortAddress() {
        for (int width : new int[] {1280, 390}) {
            openPool(width);
            for (String board : new String[] {"workers-all", "workers-round"}) {
                @SuppressWarnings("unchecked")
                var cells = (List<Map<String, Object>>) browser.executeScript("""
                        return [...document.querySelectorAll('#' + arguments[0] + ' tr td:nth-child(2)')].map(td => ({
                          text: td.innerText, clipped: td.scrollWidth > td.clientWidth + 1}));""", board);
                assertThat(cells).as("%s at %d px", board, width).hasSize(2);
                assertThat(cells)
                        .extracting(c -> (String) c.get("text"))
                        .as("%s at %d px", board, width)
                        .anySatisfy(t -> assertThat(t)
                                .startsWith("bitaxe")
                                .contains("bcrt1qw5")
                                .doesNotContain(BITAXE_OWNER))
                        .anySatisfy(t -> assertThat(t).startsWith("rig1").contains("bcrt1qrp"));
                assertThat(cells)
                        .extracting(c -> (Boolean) c.get("clipped"))
                        .as("cut cells on %s at %d px", board, width)
                        .containsOnly(false);
            }
        }
    }

    @Test
    void aSoloPoolSaysTheFinderTakesTheBlockInsteadOfNobodyHasShares() {
        openPool(1280);
        String nextBlock = browser.findElement(By.id("next-block")).getText();
        assertThat(nextBlock).contains("Solo", "whoever finds a block takes").doesNotContain("nobody has shares");
    }

    @Test
    void rejectReasonsWrapInsteadOfScrollingSidewaysAtPhoneAndProjectorWidths() {
        for (int width : new int[] {1280, 390}) {
            openPool(width);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> browser.findElement(By.id("rejects")).getText().contains("ntime"));
            long overflow = ((Number) browser.executeScript("""
                    const box = document.getElementById('rejects').closest('.scroll');
                    return box.scrollWidth - box.clientWidth;""")).longValue();
            assertThat(overflow)
                    .as("sideways scroll of the rejected-shares panel at %d px", width)
                    .isLessThanOrEqualTo(0);
            assertThat(browser.findElement(By.id("rejects")).getText()).contains("ntime-rolling setting");
        }
    }

    @Test
    void theHashrateChartDoesNotEndInTheDipOfTheBucketStillFilling() {
        openPool(1280);
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        browser.findElements(By.cssSelector("#chart path.line")).size() == 1);
        @SuppressWarnings("unchecked")
        var ends = (Map<String, Object>) browser.executeScript("""
                const svg = document.getElementById('chart');
                const d = svg.querySelector('path.line').getAttribute('d').trim().split(/[ML ]+/).filter(Boolean).map(Number);
                const grid = [...svg.querySelectorAll('line.grid')].map(l => Number(l.getAttribute('y1')));
                return {lastY: d[d.length - 1], firstY: d[1], baseline: Math.max(...grid)};""");
        double lastY = ((Number) ends.get("lastY")).doubleValue();
        double baseline = ((Number) ends.get("baseline")).doubleValue();
        assertThat(lastY)
                .as("the last point of the line (baseline %s)", baseline)
                .isLessThan(baseline - 10);
        assertThat(lastY)
                .as("same rate every minute: the line ends where it starts")
                .isCloseTo(((Number) ends.get("firstY")).doubleValue(), org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void cardsSayLoadingUntilTheirNumbersArriveNotNeverOrZero() {
        DashboardBrowserTest.emulate(browser, 390, 900);
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand(
                "Network.setBlockedURLs", Map.of("urls", List.of("*/dashboard/api/*", "*/dashboard/events*")));
        try {
            browser.get(base + "/miner/" + RIG_OWNER);
            assertThat(browser.findElement(By.id("last-share")).getText()).isEqualTo("…");
            assertThat(browser.findElement(By.id("accepted")).getText()).isEqualTo("…");
            assertThat(browser.findElement(By.id("online")).getText()).isEqualTo("…");
            browser.get(base + "/");
            assertThat(browser.findElement(By.id("accepted")).getText()).isEqualTo("…");
            assertThat(browser.findElement(By.id("workers")).getText()).isEqualTo("…");
        } finally {
            browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        }
        browser.get(base + "/miner/" + RIG_OWNER);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> browser.findElement(By.id("accepted")).getText().equals("30"));
        assertThat(browser.findElement(By.id("last-share")).getText()).endsWith("ago");
        // An address never seen gets its zeros once the server has said so.
        browser.get(base + "/miner/bcrt1qnobodyhereyet");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> browser.findElement(By.id("last-share")).getText().equals("never"));
        assertThat(browser.findElement(By.id("accepted")).getText()).isEqualTo("0");
    }
}
