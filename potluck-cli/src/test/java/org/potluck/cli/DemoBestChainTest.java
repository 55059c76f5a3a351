package org.potluck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.bitcoin.Bech32;
import org.potluck.bitcoin.Network;
import org.potluck.node.RegtestNode;

/** The demo counts a block as confirmed only when the node's best chain holds it, not merely because it was accepted. */
class DemoBestChainTest {
    @TempDir
    Path dir;

    @Test
    void anAcceptedBlockTheNodeReorganizedAwayIsNotInTheBestChain() throws Exception {
        try (RegtestNode node = RegtestNode.start(RegtestNode.defaultInstallDir(), dir.resolve("node.log"))) {
            String address =
                    Bech32.encodeSegwit(Network.BCOIN_REGTEST.bech32Hrp(), 0, new SecureRandom().generateSeed(20));
            List<String> mined = node.rpc().generateToAddress(2, address);
            String dropped = mined.get(1);
            node.rpc().call("invalidateblock", dropped);
            String replacement = node.rpc().generateToAddress(2, address).getFirst();

            assertThat(DemoCommand.inBestChain(node.rpc(), 1, mined.get(0))).isTrue();
            assertThat(DemoCommand.inBestChain(node.rpc(), 2, dropped))
                    .as("the node accepted it, then left it")
                    .isFalse();
            assertThat(DemoCommand.inBestChain(node.rpc(), 2, replacement)).isTrue();
            assertThat(DemoCommand.inBestChain(node.rpc(), 9, dropped))
                    .as("above the tip")
                    .isFalse();
        }
    }
}
