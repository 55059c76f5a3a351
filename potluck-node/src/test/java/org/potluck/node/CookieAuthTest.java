package org.potluck.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CookieAuthTest {

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cookieFileContentIsSentAsBasicCredentials(@TempDir Path dir) throws Exception {
        Path cookie = dir.resolve(".cookie");
        Files.writeString(cookie, "__cookie__:0123abcd\n");
        try (FakeNode node = new FakeNode(m -> 42);
                NodeRpc rpc = new NodeRpc(new NodeEndpoint(node.url(), new RpcAuth.CookieFile(cookie), null))) {
            node.expectedAuthorization = basic("__cookie__:0123abcd");
            assertThat(rpc.getBlockCount()).isEqualTo(42);
        }
    }

    @Test
    void cookieIsReadAgainWhenTheNodeRestartedWithANewOne(@TempDir Path dir) throws Exception {
        Path cookie = dir.resolve(".cookie");
        Files.writeString(cookie, "__cookie__:first");
        try (FakeNode node = new FakeNode(m -> 7);
                NodeRpc rpc = new NodeRpc(new NodeEndpoint(node.url(), new RpcAuth.CookieFile(cookie), null))) {
            node.expectedAuthorization = basic("__cookie__:first");
            assertThat(rpc.getBlockCount()).isEqualTo(7);

            Files.writeString(cookie, "__cookie__:second");
            node.expectedAuthorization = basic("__cookie__:second");
            assertThat(rpc.getBlockCount()).isEqualTo(7);
            assertThat(node.receivedAuthorizations)
                    .containsExactly(basic("__cookie__:first"), basic("__cookie__:first"), basic("__cookie__:second"));
        }
    }

    @Test
    void wrongPasswordIsNodeUnavailableNamingTheCredentials() throws Exception {
        try (FakeNode node = new FakeNode(m -> 1);
                NodeRpc rpc = new NodeRpc(new NodeEndpoint(node.url(), new RpcAuth.UserPassword("u", "bad"), null))) {
            node.expectedAuthorization = basic("u:good");
            assertThatThrownBy(rpc::getBlockCount)
                    .isInstanceOf(NodeUnavailableException.class)
                    .hasMessageContaining("401")
                    .hasMessageContaining("RPC user 'u'");
        }
    }

    @Test
    void missingCookieFileSaysWhichFile(@TempDir Path dir) throws Exception {
        Path cookie = dir.resolve("regtest/.cookie");
        try (FakeNode node = new FakeNode(m -> 1);
                NodeRpc rpc = new NodeRpc(new NodeEndpoint(node.url(), new RpcAuth.CookieFile(cookie), null))) {
            assertThatThrownBy(rpc::getBlockCount)
                    .isInstanceOf(NodeUnavailableException.class)
                    .hasMessageContaining(cookie.toString());
        }
    }

    @Test
    void locatorLooksInBitcoinDatadirFirstThenTheUsualPlacesPerChain(@TempDir Path home) throws Exception {
        Path custom = home.resolve("custom");
        assertThat(CookieLocator.candidates("regtest", custom.toString(), home))
                .startsWith(
                        custom.resolve("regtest/.cookie"),
                        home.resolve(".bitcoin/regtest/.cookie"),
                        Path.of("/var/lib/bitcoind/regtest/.cookie"),
                        Path.of("/var/lib/bitcoin/regtest/.cookie"));
        assertThat(CookieLocator.candidates("main", null, home)).first().isEqualTo(home.resolve(".bitcoin/.cookie"));
        assertThat(CookieLocator.candidates("test", null, home))
                .first()
                .isEqualTo(home.resolve(".bitcoin/testnet3/.cookie"));
        assertThat(CookieLocator.candidates("testnet4", null, home))
                .first()
                .isEqualTo(home.resolve(".bitcoin/testnet4/.cookie"));
        assertThat(CookieLocator.candidates("signet", null, home))
                .first()
                .isEqualTo(home.resolve(".bitcoin/signet/.cookie"));
        assertThatThrownBy(() -> CookieLocator.candidates("liquid", null, home))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("liquid");
    }
}
