package org.potluck.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.potluck.node.NodeConfig;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/** docs/potluck.example.toml is the operator's reference: it must load, list every key, and state the real defaults. */
class ExampleConfigTest {
    static Path example() {
        return inRepository("docs/potluck.example.toml");
    }

    static Path inRepository(String file) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(file + " not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theExampleLoadsAndValidates() throws IOException {
        PotluckConfig c = ConfigLoader.load(example(), Map.of());

        assertThat(c.pool().nodes()).hasSize(1);
    }

    @Test
    void theExampleListsExactlyTheKeysTheLoaderKnows() throws IOException {
        JsonNode root = new TomlMapper().readTree(Files.readString(example()));
        List<String> documented = new ArrayList<>();
        for (String name : root.propertyNames()) {
            JsonNode v = root.get(name);
            JsonNode table = v.isArray() ? v.get(0) : v;
            if (table.isObject()) {
                table.propertyNames().forEach(k -> documented.add(name + "." + k));
            } else {
                documented.add(name);
            }
        }

        assertThat(documented).containsExactlyInAnyOrderElementsOf(ConfigLoader.knownKeys());
    }

    @Test
    void theValuesShownAreTheDefaults() throws IOException {
        // Everything in the example except the node's url is a default, so it must load to the same config as a file
        // that gives only that url: a changed default in the code without the docs (or the reverse) fails here.
        PotluckConfig documented = ConfigLoader.load(example(), Map.of());
        PotluckConfig defaults = ConfigLoader.parse(
                "[[node]]\nurl = \"" + documented.pool().nodes().getFirst().url() + "\"\n");

        assertThat(documented).isEqualTo(defaults);
    }

    @Test
    void everyKeyIsExplainedByACommentInItsParagraph() throws IOException {
        List<String> lines = Files.readAllLines(example());
        boolean commented = false;
        List<String> unexplained = new ArrayList<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("[")) {
                commented = false;
            } else if (l.startsWith("#")) {
                commented = true;
            } else if (!commented) {
                unexplained.add(l);
            }
        }

        assertThat(unexplained).isEmpty();
    }

    @Test
    void theDockerComposeConfigLoadsOnEveryChainItOffers() throws IOException {
        // deploy/docker-compose.yml sets POTLUCK_NETWORK from CHAIN and keeps RPC port and cookie path fixed.
        Path compose = inRepository("deploy/potluck.toml");
        for (String chain : List.of("main", "testnet4", "signet", "regtest")) {
            PotluckConfig c = ConfigLoader.load(compose, Map.of("POTLUCK_NETWORK", chain));

            assertThat(c.pool().network()).isEqualTo(chain);
            assertThat(c.pool().dataDir()).isEqualTo("/var/lib/potluck");
            assertThat(c.pool().nodes().getFirst())
                    .isEqualTo(new NodeConfig(
                            "http://bitcoind:8332", null, null, "/bitcoin/rpc.cookie", "tcp://bitcoind:28332"));
            assertThat(c.web().port()).isEqualTo(8080); // deploy/prometheus.yml scrapes potluck:8080
        }
    }
}
