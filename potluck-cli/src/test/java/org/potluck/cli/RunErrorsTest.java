package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `potluck run` as an operator meets it: each failure names its subject and what to change, in its own process. */
class RunErrorsTest {
    private static final Duration END = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** A pool config whose node is never there: the pool starts and waits for it, which is all these tests need. */
    private Path config(String stratumHost, int stratumPort, String webHost, int webPort) throws IOException {
        int noNode;
        try (var probe = new ServerSocket(0)) {
            noNode = probe.getLocalPort();
        }
        return Files.writeString(dir.resolve("potluck.toml"), """
                network = "regtest"
                data_dir = "%s"
                [stratum]
                host = "%s"
                port = %d
                [[node]]
                url = "http://127.0.0.1:%d"
                user = "u"
                password = "p"
                [web]
                host = "%s"
                port = %d
                """.formatted(
                        dir.resolve("data"), stratumHost, stratumPort, noNode, webHost, webPort));
    }

    private PoolProcess.Ended run(Path config) throws IOException, InterruptedException {
        return PoolProcess.runToEnd(dir.resolve("pool.log"), END, "run", "--config", config.toString());
    }

    @Test
    void aBusyStratumPortIsNamedWithItsKeyAndVariable() throws Exception {
        try (var busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var ended = run(config("127.0.0.1", busy.getLocalPort(), "127.0.0.1", 0));

            assertThat(ended.exitCode()).as(ended.output()).isNotZero();
            assertThat(ended.output())
                    .contains("port " + busy.getLocalPort() + " is in use (stratum.port; POTLUCK_STRATUM_PORT)")
                    .doesNotContain("error(-98)");
        }
    }

    @Test
    void aBusyWebPortIsNamedWithItsKeyAndVariable() throws Exception {
        try (var busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var ended = run(config("127.0.0.1", 0, "127.0.0.1", busy.getLocalPort()));

            assertThat(ended.exitCode()).as(ended.output()).isNotZero();
            assertThat(ended.output())
                    .contains("port " + busy.getLocalPort() + " is in use (web.port; POTLUCK_WEB_PORT)");
        }
    }

    @Test
    void aMissingConfigFileSaysItDoesNotExistAndHowToWriteOne() throws Exception {
        Path missing = dir.resolve("nothere.toml");

        var ended = run(missing);

        assertThat(ended.exitCode()).isNotZero();
        assertThat(ended.output())
                .contains("config file " + missing + " does not exist")
                .contains("./potluck init");
    }

    @Test
    void aTomlSyntaxErrorGivesItsLineAndColumn() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.toml"), "network = \"regtest\"\n\n[stratum]\nport = = 3333\n");

        var ended = run(bad);

        assertThat(ended.exitCode()).isNotZero();
        assertThat(ended.output()).contains(bad + ": not valid TOML at line 4, column ");
    }

    /** Bound to every address, the pool names the machine's own addresses: "0.0.0.0" is no address to type. */
    @Test
    void theStartLineShowsAddressesAMinerCanUse() throws Exception {
        try (var pool = PoolProcess.run(config("0.0.0.0", 0, "0.0.0.0", 0), dir.resolve("pool.log"), Map.of())) {
            String line = Files.readAllLines(dir.resolve("pool.log")).stream()
                    .filter(l -> l.startsWith("potluck is running"))
                    .findFirst()
                    .orElseThrow();

            assertThat(line).doesNotContain("0.0.0.0");
            List<String> expected = machineIpv4();
            for (String address : expected.isEmpty() ? List.of("127.0.0.1") : expected) {
                assertThat(line)
                        .containsPattern("stratum\\+tcp://" + address.replace(".", "\\.") + ":\\d+")
                        .containsPattern("http://" + address.replace(".", "\\.") + ":\\d+/");
            }
        }
    }

    private static List<String> machineIpv4() throws IOException {
        List<String> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream()
                        .filter(a -> a instanceof Inet4Address)
                        .forEach(a -> out.add(a.getHostAddress()));
            }
        }
        return out;
    }
}
