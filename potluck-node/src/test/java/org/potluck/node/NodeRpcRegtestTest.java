package org.potluck.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.potluck.node.SubmitResult.Outcome;
import tools.jackson.databind.JsonNode;

/** NodeRpc against a real bcoin regtest node (one per class; the first test sees a fresh chain). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeRpcRegtestTest {
    static final List<String> RULES = List.of("segwit");
    // 20 bytes of a P2WPKH program; the node itself decides whether the address built from it is valid.
    static final byte[] PROGRAM = HexFormat.of().parseHex("751e76e8199196d454941c45d1b3a323f1433bd6");
    static final String RB_ADDRESS = Bech32.segwitV0("rb", PROGRAM);

    static RegtestNode node;
    static NodeRpc rpc;

    @BeforeAll
    static void startNode() throws Exception {
        node = RegtestNode.start(RegtestNode.defaultInstallDir(), Path.of("target/regtest-node-rpc.log"));
        rpc = node.rpc();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void bech32HelperMatchesBip173Vector() {
        // BIP173 test vector: BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4 <->
        // 0014751e76e8199196d454941c45d1b3a323f1433bd6
        assertThat(Bech32.segwitV0("bc", PROGRAM)).isEqualTo("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
    }

    @Test
    @Order(1)
    void templateOnAFreshChainIsForHeightOneWithFullSubsidyAndRegtestBits() {
        BlockTemplate t = rpc.getBlockTemplate(RULES);
        assertThat(t.height()).isEqualTo(1);
        assertThat(t.coinbaseValue()).isEqualTo(5_000_000_000L);
        assertThat(t.bits()).isEqualTo("207fffff");
        assertThat(t.target()).startsWith("7fffff");
        assertThat(t.previousBlockHash()).isEqualTo(rpc.getBestBlockHash()).hasSize(64);
        assertThat(t.defaultWitnessCommitment()).startsWith("6a24aa21a9ed").hasSize(76);
        assertThat(t.transactions()).isEmpty();
        assertThat(t.curTime()).isGreaterThanOrEqualTo(t.minTime());
        assertThat(t.longPollId()).isNotBlank();
        assertThat(rpc.lastLatency()).isPositive();
    }

    @Test
    void streamingTemplateReadOfARealAnswerEqualsTheTreeReading() throws Exception {
        // The node's own answer, replayed byte for byte by a fake, so both readings see the same curtime.
        JsonNode answer = rpc.call("getblocktemplate", java.util.Map.of("rules", RULES));
        try (FakeNode replay = new FakeNode(method -> answer);
                NodeRpc viaReplay =
                        new NodeRpc(new NodeEndpoint(replay.url(), new RpcAuth.UserPassword("u", "p"), null))) {
            BlockTemplate streamed = viaReplay.getBlockTemplate(RULES);
            assertThat(streamed).isEqualTo(TreeTemplateOracle.read(answer));
            assertThat(streamed).isEqualTo(BlockTemplate.fromJson(answer));
            assertThat(streamed.previousBlockHash()).isEqualTo(rpc.getBestBlockHash());
        }
    }

    @Test
    void blockchainInfoToleratesBcoinsMissingFields() {
        ChainInfo info = rpc.getBlockchainInfo();
        assertThat(info.chain()).isEqualTo("regtest");
        assertThat(info.bestBlockHash()).isEqualTo(rpc.getBestBlockHash());
        assertThat(info.blocks()).isEqualTo(rpc.getBlockCount());
        assertThat(info.initialBlockDownload()).isFalse();
    }

    @Test
    void regtestBech32AddressIsValidAndGivesItsWitnessScript() {
        AddressInfo info = rpc.validateAddress(RB_ADDRESS);
        assertThat(info.valid()).isTrue();
        assertThat(info.scriptPubKeyHex()).isEqualTo("0014" + HexFormat.of().formatHex(PROGRAM));
    }

    @Test
    void mainnetOrGarbageAddressIsInvalidWithoutScript() {
        assertThat(rpc.validateAddress("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"))
                .isEqualTo(new AddressInfo(false, null));
        assertThat(rpc.validateAddress("not-an-address")).isEqualTo(new AddressInfo(false, null));
    }

    @Test
    void generateToAddressMinesBlocksPayingThatAddress() {
        long before = rpc.getBlockCount();
        List<String> hashes = rpc.generateToAddress(2, RB_ADDRESS);
        assertThat(hashes).hasSize(2);
        assertThat(rpc.getBlockCount()).isEqualTo(before + 2);
        assertThat(rpc.getBestBlockHash()).isEqualTo(hashes.get(1));
        JsonNode block = rpc.getBlock(hashes.get(1), 1);
        assertThat(block.get("hash").stringValue()).isEqualTo(hashes.get(1));
        assertThat(block.get("height").longValue()).isEqualTo(before + 2);
        JsonNode full = rpc.getBlock(hashes.get(1), 2);
        assertThat(full.toString()).contains("0014" + HexFormat.of().formatHex(PROGRAM));
        assertThat(rpc.getBlockHash(before + 1)).isEqualTo(hashes.get(0));
        assertThat(rpc.getBlockHash(before + 2)).isEqualTo(hashes.get(1));
    }

    @Test
    void submittedBlockIsAcceptedOnceThenDuplicate() {
        BlockTemplate t = rpc.getBlockTemplate(RULES);
        String block = TestBlocks.coinbaseOnlyBlock(t, false);
        assertThat(rpc.submitBlock(block).outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(rpc.getBlockCount()).isEqualTo(t.height());
        SubmitResult again = rpc.submitBlock(block);
        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(again.accepted()).isTrue();
    }

    @Test
    void blockWithWrongMerkleRootIsRejectedWithTheNodesReason() {
        BlockTemplate t = rpc.getBlockTemplate(RULES);
        SubmitResult r = rpc.submitBlock(TestBlocks.coinbaseOnlyBlock(t, true));
        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.reason()).isEqualTo("bad-txnmrklroot");
        assertThat(rpc.getBlockCount()).isEqualTo(t.height() - 1);
    }

    @Test
    void undecodableBlockIsRejectedNotAnException() {
        assertThat(rpc.submitBlock("00").outcome()).isEqualTo(Outcome.REJECTED);
        assertThatThrownBy(() -> rpc.submitBlock("xyz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownMethodIsRpcExceptionWithCodeAndMethod() {
        assertThatThrownBy(() -> rpc.call("nosuchmethod", 1, "a")).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.code()).isEqualTo(-32601); // JSON-RPC "method not found", as Core uses too
            assertThat(e.method()).isEqualTo("nosuchmethod");
            assertThat(e.rpcMessage()).isNotBlank();
        });
    }

    @Test
    void wrongApiKeyIsNodeUnavailable() {
        NodeEndpoint wrong = new NodeEndpoint(node.endpoint().rpcUrl(), new RpcAuth.UserPassword("x", "wrong"), null);
        try (NodeRpc bad = new NodeRpc(wrong)) {
            assertThatThrownBy(bad::getBlockCount)
                    .isInstanceOf(NodeUnavailableException.class)
                    .hasMessageContaining("401");
        }
    }

    @Test
    void closedPortIsNodeUnavailable() throws Exception {
        int port = RegtestNode.freePort();
        NodeEndpoint nowhere = new NodeEndpoint(
                URI.create("http://127.0.0.1:" + port + "/"), new RpcAuth.UserPassword("x", "y"), null);
        try (NodeRpc none = new NodeRpc(nowhere, Duration.ofSeconds(2))) {
            assertThatThrownBy(none::getBestBlockHash)
                    .isInstanceOf(NodeUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        }
    }
}
