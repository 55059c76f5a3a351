package org.potluck.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import org.potluck.node.RegtestNode;
import org.potluck.pool.Pool;
import org.potluck.pool.RegtestPool;
import org.potluck.pool.config.PoolConfig;
import org.potluck.web.LiveStreams;
import org.potluck.web.WebServer;
import org.potluck.web.dashboard.DashboardRoutes;
import org.potluck.web.dashboard.LiveStats;
import org.potluck.web.dashboard.PayoutHistory;
import org.potluck.web.dashboard.PayoutPreview;
import org.potluck.web.dashboard.Views;
import org.potluck.web.metrics.MetricsRoutes;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver), showing a real pool on a real bcoin
 * regtest node with CPU miners on it: the numbers appear, move with the live feed, fit a phone, and the browser logs no
 * error. Screenshots at desktop and phone width go to target/screenshots.
 */
class DashboardBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path DOCS_SCREENSHOT = Path.of("..", "docs", "dashboard.png");

    @Test
    void pagesShowLiveNumbersFromARunningPoolWithoutBrowserErrors() throws Exception {
        Path dir = Files.createTempDirectory("potluck-web-test-");
        var stats = new LiveStats();
        List<String> addresses = List.of(RegtestPool.newAddress(), RegtestPool.newAddress());
        try (RegtestNode node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"));
                Pool pool = new Pool(
                                PoolConfig.bcoinRegtest(
                                        "http://127.0.0.1:" + node.rpcPort(),
                                        node.apiKey(),
                                        dir.resolve("pool").toString(),
                                        0,
                                        0.0005,
                                        2),
                                stats)
                        .start()) {
            var streams = LiveStreams.withDefaults();
            var dashboard =
                    new DashboardRoutes(stats, nextBlock(stats, pool), payouts(stats), Duration.ofMillis(500), streams);
            var metrics = new MetricsRoutes(stats, () -> true, java.util.Optional::empty);
            List<CpuMiner> miners = new ArrayList<>();
            try (streams;
                    dashboard;
                    var web = new WebServer(List.of(dashboard, metrics)).start("127.0.0.1", 0)) {
                String base = "http://127.0.0.1:" + web.port();
                for (int i = 0; i < addresses.size(); i++) {
                    var miner = new CpuMiner(
                            MinerOptions.parseUrl(
                                    "stratum+tcp://127.0.0.1:"
                                            + pool.stratumAddress().getPort(),
                                    addresses.get(i) + ".rig" + i,
                                    "x",
                                    1,
                                    0,
                                    true,
                                    null),
                            new MinerListener() {});
                    miners.add(miner);
                    miner.start();
                }
                await().atMost(Duration.ofSeconds(45)).until(() -> stats.pool().accepted() >= 2);
                browse(base, addresses.getFirst());
                assertThat(scrapeValue(base, "potluck_shares_total{reason=\"none\",result=\"accepted\"}"))
                        .isGreaterThan(0);
            } finally {
                miners.forEach(CpuMiner::close);
            }
        }
    }

    private static void browse(String base, String address) throws Exception {
        ChromeDriver browser = startChromium();
        try {
            browser.get(base + "/");
            long first = awaitNumber(browser, "accepted", n -> n > 0);
            // Only the live feed changes the number after the page has loaded.
            awaitNumber(browser, "accepted", n -> n > first);
            assertThat(browser.findElement(By.id("live")).getAttribute("class")).contains("on");
            assertThat(browser.findElement(By.id("node")).getText()).isEqualTo("node up");
            assertThat(browser.findElement(By.id("hashrate")).getText()).endsWith("H/s");
            assertThat(browser.findElement(By.id("network-difficulty")).getText())
                    .isNotEqualTo("–");
            assertThat(browser.findElement(By.id("next-block")).getText()).contains("BTC");
            assertThat(browser.findElement(By.id("workers-all")).getText()).contains("rig0", "rig1");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> browser.findElements(By.cssSelector("#chart path.line")).stream()
                            .anyMatch(line -> line.getAttribute("d").contains("L")));
            screenshots(browser, "pool");
            Files.createDirectories(DOCS_SCREENSHOT.getParent());
            Files.copy(SCREENSHOTS.resolve("pool-1280.png"), DOCS_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);

            browser.get(base + "/miner/" + address);
            long mine = awaitNumber(browser, "accepted", n -> n > 0);
            awaitNumber(browser, "accepted", n -> n > mine);
            assertThat(browser.findElement(By.id("address")).getText()).isEqualTo(address);
            assertThat(browser.findElement(By.id("workers")).getText()).contains("rig0");
            assertThat(browser.findElement(By.id("last-share")).getText()).endsWith("ago");
            screenshots(browser, "miner");

            List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                    .toList();
            assertThat(problems).as("browser console errors and warnings").isEmpty();
        } finally {
            browser.quit();
        }
    }

    static ChromeDriver startChromium() {
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .build();
        var options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // Root in a container: Chromium's sandbox cannot start, and /dev/shm is small.
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900");
        var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        return new ChromeDriver(service, options);
    }

    /** Waits until the number shown in element {@code id} passes {@code test}; returns it. */
    private static long awaitNumber(ChromeDriver browser, String id, java.util.function.LongPredicate test) {
        long[] seen = {-1};
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    String text = browser.findElement(By.id(id)).getText().replace(",", "");
                    seen[0] = text.matches("\\d+") ? Long.parseLong(text) : -1;
                    return seen[0] >= 0 && test.test(seen[0]);
                });
        return seen[0];
    }

    /** Whole-page screenshots at desktop (1280 px) and phone (390 px) width; the page must not scroll sideways on a phone. */
    private static void screenshots(ChromeDriver browser, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        for (int width : new int[] {1280, 390}) {
            emulate(browser, width, 800);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> ((Number) browser.executeScript("return window.innerWidth")).intValue() == width);
            if (width == 390) {
                long overflow = ((Number) browser.executeScript(
                                "return document.documentElement.scrollWidth - window.innerWidth"))
                        .longValue();
                assertThat(overflow).as("sideways scroll at 390 px on %s", name).isLessThanOrEqualTo(0);
            }
            long height = ((Number) browser.executeScript("return document.documentElement.scrollHeight")).longValue();
            emulate(browser, width, (int) Math.min(height, 6000));
            Thread.sleep(300); // let the chart redraw to the new width
            Files.write(SCREENSHOTS.resolve(name + "-" + width + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        }
        browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    static void emulate(ChromeDriver browser, int width, int height) {
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
        browser.executeScript("window.dispatchEvent(new Event('resize'))");
    }

    /** The whole block reward split by recent hashrate: a stand-in for the pool's own preview (solo or PPLNS). */
    private static PayoutPreview nextBlock(LiveStats stats, Pool pool) {
        return () -> {
            var template = pool.currentTemplate();
            List<Views.WorkerView> workers = stats.workers();
            double total =
                    workers.stream().mapToDouble(Views.WorkerView::hashrate10m).sum();
            if (template == null || total <= 0) {
                return List.of();
            }
            return workers.stream()
                    .map(w -> new PayoutPreview.Payout(
                            w.address(), (long) (template.coinbaseValue() * w.hashrate10m() / total)))
                    .toList();
        };
    }

    /** The blocks the address found, each paying it the regtest reward: a stand-in for the pool's block records. */
    private static PayoutHistory payouts(LiveStats stats) {
        return (address, limit) -> stats.recentBlocks().stream()
                .filter(b -> b.accepted() && b.address().equals(address))
                .limit(limit)
                .map(b -> new PayoutHistory.Paid(
                        b.height(), b.hash(), 50_0000_0000L, java.time.Instant.ofEpochMilli(b.time()), "immature"))
                .toList();
    }

    private static double scrapeValue(String base, String series) throws Exception {
        String text = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return text.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + series + " in /metrics:\n" + text));
    }
}
