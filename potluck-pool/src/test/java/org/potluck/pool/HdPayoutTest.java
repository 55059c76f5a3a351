package org.potluck.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.potluck.accounting.hd.HdPayoutSource;
import org.potluck.bitcoin.Address;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Network;
import org.potluck.miner.CpuMiner;
import org.potluck.miner.MinerListener;
import org.potluck.miner.MinerOptions;
import tools.jackson.databind.JsonNode;

/** A solo miner who gives a descriptor instead of an address: each block it finds pays the descriptor's next address. */
class HdPayoutTest {
    @Test
    void eachBlockFoundPaysTheNextFreshAddressOfTheDescriptor() throws Exception {
        String descriptor = TestWallets.bip86Descriptor();
        HdPayoutSource wallet = HdPayoutSource.parse(descriptor, Network.BCOIN_REGTEST);
        try (RegtestPool p = RegtestPool.start(c -> c.withStratum(MiningIntegrationTest.stratum(c, 0.0005)))) {
            try (var miner = new CpuMiner(
                    MinerOptions.parseUrl(p.url(), descriptor + ".rig", "x", 1, 0, false, null),
                    new MinerListener() {})) {
                miner.start();
                await().atMost(Duration.ofSeconds(90)).until(() -> acceptedHeights(p) >= 3);
            }
            // Walk the chain the node accepted: each block pays one address of the wallet, and never one twice.
            java.util.Map<String, String> walletByScript = new java.util.HashMap<>();
            for (String a : wallet.addresses(0, 20)) {
                walletByScript.put(Hex.encode(Address.toScriptPubKey(a, Network.BCOIN_REGTEST)), a);
            }
            Set<String> paid = new LinkedHashSet<>();
            long height = p.node.rpc().getBlockCount();
            for (long h = 1; h <= height; h++) {
                String hash = p.node.rpc().call("getblockhash", h).asString();
                JsonNode out = p.node.rpc()
                        .call("getblock", hash, true, true)
                        .get("tx")
                        .get(0)
                        .get("vout")
                        .get(0);
                String address =
                        walletByScript.get(out.get("scriptPubKey").get("hex").asString());
                assertThat(address)
                        .as("block %d pays an address of the wallet", h)
                        .isNotNull();
                assertThat(paid.add(address))
                        .as("block %d pays %s, already paid before", h, address)
                        .isTrue();
            }
            assertThat(paid).hasSizeGreaterThanOrEqualTo(3);
            assertThat(paid).contains(wallet.addressAt(0), wallet.addressAt(1));
        }
    }

    private static long acceptedHeights(RegtestPool p) {
        return p.events.blocks.stream()
                .filter(b -> b.result().accepted())
                .mapToInt(b -> b.block().height())
                .distinct()
                .count();
    }
}
