package org.potluck.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Transaction;
import org.potluck.node.BlockTemplate;
import org.potluck.node.NodeEndpoint;
import org.potluck.node.NodeRpc;
import org.potluck.node.RpcAuth;

class StandInNodeTest {

    @Test
    void templateWitnessCommitmentIsRecomputedFromTheRawTransactions() throws Exception {
        try (var node = new StandInNode(0, 0, "u", "p", 300)) {
            BlockTemplate t = rpc(node).getBlockTemplate(List.of("segwit"));
            assertThat(t.transactions()).hasSize(300);
            // BIP141: commitment = sha256d(merkle root of wtxids with the coinbase as 32 zero bytes || 32 zero bytes)
            List<byte[]> wtxids = new ArrayList<>();
            wtxids.add(new byte[32]);
            for (var tx : t.transactions()) {
                Transaction parsed = Transaction.parse(Hex.decode(tx.data()));
                assertThat(Hex.encode(Hex.reversed(parsed.txid()))).isEqualTo(tx.txid());
                wtxids.add(parsed.wtxid());
            }
            String expected = "6a24aa21a9ed" + Hex.encode(Sha256.sha256d(Merkle.root(wtxids), new byte[32]));
            assertThat(t.defaultWitnessCommitment()).isEqualTo(expected);
            assertThat(t.bits()).isEqualTo("17023a04");
        }
    }

    @Test
    void newBlockMovesTheTipToTheAnnouncedHash() throws Exception {
        try (var node = new StandInNode(0, 0, "u", "p", 10)) {
            NodeRpc rpc = rpc(node);
            String upcoming = node.upcomingBlockHash();
            var announced = node.newBlock();
            assertThat(announced.blockHashDisplay()).isEqualTo(upcoming);
            assertThat(rpc.getBestBlockHash()).isEqualTo(upcoming);
            assertThat(rpc.getBlockTemplate(List.of("segwit")).previousBlockHash())
                    .isEqualTo(upcoming);
            assertThat(rpc.getBlockCount()).isEqualTo(announced.nextHeight() - 1);
        }
    }

    /** ckpool reads the node's answer line by line and parses the line that starts with "{": it must end with "\n". */
    @Test
    void answersToBareLineFeedRequestsEndWithANewline() throws Exception {
        try (var node = new StandInNode(0, 0, "u", "p", 5);
                Socket s = new Socket("127.0.0.1", node.rpcPort())) {
            String body = "{\"method\": \"getbestblockhash\"}\n";
            String auth = Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(("POST / HTTP/1.1\nAuthorization: Basic " + auth + "\nContent-Length: " + body.length() + "\n\n"
                            + body)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").endsWith("}\n").contains(node.bestBlockHash());
        }
    }

    @Test
    void validateaddressKnowsMainnetAddressesOnly() throws Exception {
        try (var node = new StandInNode(0, 0, "u", "p", 5)) {
            NodeRpc rpc = rpc(node);
            // BIP173 example P2WPKH on mainnet, and the same program on testnet
            assertThat(rpc.validateAddress("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
                            .scriptPubKeyHex())
                    .isEqualTo("0014751e76e8199196d454941c45d1b3a323f1433bd6");
            assertThat(rpc.validateAddress("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")
                            .valid())
                    .isFalse();
        }
    }

    @Test
    void percentilesComeFromTheRecordedLatencies() {
        var h = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            h.recordNanos(i * 1_000_000L); // 1..100 ms
        }
        assertThat(h.percentileMillis(0.5)).isBetween(50.0, 50.01);
        assertThat(h.percentileMillis(0.99)).isBetween(99.0, 99.01);
        assertThat(h.maxMillis()).isEqualTo(100.0);
    }

    private static NodeRpc rpc(StandInNode node) {
        return new NodeRpc(
                new NodeEndpoint(java.net.URI.create(node.rpcUrl()), new RpcAuth.UserPassword("u", "p"), null));
    }
}
