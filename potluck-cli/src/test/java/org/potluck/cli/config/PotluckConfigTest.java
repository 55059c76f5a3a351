package org.potluck.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.potluck.config.ConfigException;
import org.potluck.node.NodeConfig;
import org.potluck.node.NodeTiming;
import org.potluck.pool.config.PoolConfig;
import org.potluck.pool.config.PoolConfig.PayoutConfig;
import org.potluck.web.WebConfig;

/** The sections beside the pool's ([web], [ops]) and the whole file's rules; the pool's own are in PoolConfigTest. */
class PotluckConfigTest {
    private static final PotluckConfig BASE = new PotluckConfig(
            new PoolConfig(
                    "signet",
                    PoolConfig.defaultStratum(),
                    List.of(new NodeConfig("http://127.0.0.1:38332", null, null, null, null)),
                    NodeTiming.DEFAULT,
                    PayoutConfig.solo(),
                    "potluck-data"),
            null,
            null);

    private static void rejects(UnaryOperator<PotluckConfig> change, String message) {
        assertThatThrownBy(() -> change.apply(BASE).validate())
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void webAndOpsLeftOutTakeTheirDefaults() {
        assertThat(BASE.web()).isEqualTo(WebConfig.DEFAULT);
        assertThat(BASE.ops()).isEqualTo(OpsConfig.DEFAULT);
        assertThat(BASE.validate()).isSameAs(BASE);
    }

    @Test
    void theRegtestConfigServesTheWebOnLoopbackAtAFreePort() {
        var c = PotluckConfig.bcoinRegtest("http://127.0.0.1:48332", "key", "/tmp/p", 0, 0.01, 5)
                .validate();
        assertThat(c.web().host()).isEqualTo("127.0.0.1");
        assertThat(c.web().port()).isZero();
    }

    @Test
    void theWebServerNeedsItsOwnPortAndALongAdminToken() {
        rejects(
                c -> c.withWeb(WebConfig.DEFAULT.withPort(3333)),
                "config key 'web.port' has value 3333: expected a port other than stratum.port (3333)");
        rejects(
                c -> c.withWeb(WebConfig.DEFAULT.withPort(70_000)),
                "config key 'web.port' has value 70000: expected a TCP port 0-65535 (0 picks a free one)");
        rejects(
                c -> c.withWeb(WebConfig.DEFAULT.withAdminToken("hunter2")),
                "config key 'web.admin_token' has value \"(7 characters)\": expected empty (admin API off) or at least 16 characters");
        // Disabled web: its port may be anything in range, even the stratum one.
        assertThat(BASE.withWeb(new WebConfig("0.0.0.0", 3333, false, ""))
                        .validate()
                        .web()
                        .enabled())
                .isFalse();
    }

    @Test
    void webhookIsHttpAndLogsAreTextOrJson() {
        rejects(
                c -> c.withOps(new OpsConfig("ftp://x", "text")),
                "config key 'ops.webhook_url' has value \"ftp://x\": expected empty (off) or an http:// or https:// URL");
        rejects(
                c -> c.withOps(new OpsConfig("", "yaml")),
                "config key 'ops.log_format' has value \"yaml\": expected \"text\" or \"json\"");
    }

    @Test
    void thePoolsSectionsAreCheckedBeforeTheOthers() {
        // Both wrong: the pool's key is named, as when one PoolConfig.validate checked every section in file order.
        rejects(
                c -> c.withPool(c.pool().withNetwork("mainnet2")).withOps(new OpsConfig("", "yaml")),
                "config key 'network' has value \"mainnet2\": expected one of " + PoolConfig.NETWORKS);
    }

    @Test
    void aReloadMayChangeTheWebhookButNotTheWebServer() {
        var hook = BASE.withOps(new OpsConfig("http://127.0.0.1:9/hook", "text"));
        var web = BASE.withWeb(WebConfig.DEFAULT.withPort(8081));
        var ban = BASE.withPool(BASE.pool().withStratum(BASE.pool().stratum().withConnectionLimits(1, 0, 30)));

        assertThat(PotluckConfig.changedKeys(BASE, hook)).containsExactly("ops.webhook_url");
        assertThat(PotluckConfig.needingRestart(PotluckConfig.changedKeys(BASE, hook)))
                .isEmpty();
        assertThat(PotluckConfig.needingRestart(PotluckConfig.changedKeys(BASE, web)))
                .containsExactly("web.port");
        assertThat(PotluckConfig.changedKeys(BASE, ban)).containsExactly("stratum.max_connections_per_ip");
        assertThat(PotluckConfig.needingRestart(PotluckConfig.changedKeys(BASE, ban)))
                .isEmpty();
    }
}
