package org.potluck.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streaming getblocktemplate reader (NodeRpc.getBlockTemplate reads the answer's bytes; BlockTemplate.fromJson
 * feeds a tree through the same reader) against the tree reading it replaced.
 */
class TemplateReaderTest {
    static final List<String> RULES = List.of("segwit");
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    /**
     * A template shaped like Bitcoin Core's answer (field list from Core's {@code help getblocktemplate} and BIP22,
     * BIP23, BIP9, BIP145), with every field a pool ignores present too, in nested shapes the reader must skip.
     */
    static final String CORE_SHAPED = """
            {"capabilities":["proposal"],"version":536870912,"rules":["csv","!segwit","taproot"],
             "vbavailable":{"testdummy":28},"vbrequired":0,
             "previousblockhash":"00000000000000000001f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6",
             "transactions":[
               {"data":"0200000001aa","txid":"11aa","hash":"22aa","depends":[],"fee":1410,"sigops":1,"weight":561},
               {"data":"0200000001bb","txid":"11bb","depends":[1],"fee":300,"sigops":4,"weight":440,
                "extra":{"nested":[1,{"deeper":"x"}]}},
               {"txid":"11cc","data":"0100000001cc","hash":"22cc","fee":"not a number","weight":null}
             ],
             "coinbaseaux":{},"coinbasevalue":312501710,
             "longpollid":"00000000000000000001f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e61234",
             "target":"0000000000000000000237f80000000000000000000000000000000000000000","mintime":1731000000,
             "mutable":["time","transactions","prevblock"],"noncerange":"00000000ffffffff","sigoplimit":80000,
             "sizelimit":4000000,"weightlimit":4000000,"curtime":1731003600,"bits":"170237f8","height":871234,
             "signet_challenge":null,
             "default_witness_commitment":"6a24aa21a9ed0000000000000000000000000000000000000000000000000000000000000000"}
            """;

    private static BlockTemplate viaRpc(String result) throws Exception {
        try (FakeNode fake = new FakeNode(method -> result);
                NodeRpc rpc = new NodeRpc(new NodeEndpoint(fake.url(), new RpcAuth.UserPassword("u", "p"), null))) {
            return rpc.getBlockTemplate(RULES);
        }
    }

    @Test
    void streamingReadOfACoreShapedTemplateEqualsTheTreeReading() throws Exception {
        JsonNode tree = MAPPER.readTree(CORE_SHAPED);
        BlockTemplate streamed = viaRpc(CORE_SHAPED);

        assertThat(streamed).isEqualTo(TreeTemplateOracle.read(tree));
        assertThat(BlockTemplate.fromJson(tree)).isEqualTo(streamed);
        // And the values themselves, so that an oracle with the same mistake cannot hide it.
        assertThat(streamed.height()).isEqualTo(871234);
        assertThat(streamed.coinbaseValue()).isEqualTo(312501710L);
        assertThat(streamed.curTime()).isEqualTo(1731003600L);
        assertThat(streamed.minTime()).isEqualTo(1731000000L);
        assertThat(streamed.rules()).containsExactly("csv", "!segwit", "taproot");
        assertThat(streamed.transactions())
                .containsExactly(
                        new TemplateTx("0200000001aa", "11aa", "22aa", 1410, 561),
                        new TemplateTx("0200000001bb", "11bb", "11bb", 300, 440), // no wtxid given: it is the txid
                        new TemplateTx("0100000001cc", "11cc", "22cc", 0, 0)); // mistyped optional fields: defaults
    }

    @Test
    void streamingReadOfTwoThousandTransactionsEqualsTheTreeReading() throws Exception {
        String json = bigTemplate(2_000, 11);
        BlockTemplate streamed = viaRpc(json);
        assertThat(streamed.transactions()).hasSize(2_000);
        assertThat(streamed).isEqualTo(TreeTemplateOracle.read(MAPPER.readTree(json)));
    }

    @Test
    void missingOptionalFieldsTakeTheirDefaults() throws Exception {
        String json = """
                {"version":4,"previousblockhash":"ab","coinbasevalue":5000000000,"bits":"207fffff",
                 "curtime":1700000000,"height":1}""";
        BlockTemplate t = viaRpc(json);
        assertThat(t.transactions()).isEmpty();
        assertThat(t.rules()).isEmpty();
        assertThat(t.minTime()).isEqualTo(1700000000L); // mintime defaults to curtime
        assertThat(t.target()).isNull();
        assertThat(t.defaultWitnessCommitment()).isNull();
        assertThat(t.longPollId()).isNull();
        assertThat(t).isEqualTo(TreeTemplateOracle.read(MAPPER.readTree(json)));
    }

    @Test
    void missingTransactionFieldNamesTheFieldAndTheTransactionIndex() throws Exception {
        String json = CORE_SHAPED.replace("\"data\":\"0200000001bb\",", "");
        assertThatThrownBy(() -> viaRpc(json))
                .isInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("transactions[1]")
                .hasMessageContaining("'data'");
        assertThatThrownBy(() -> BlockTemplate.fromJson(MAPPER.readTree(json)))
                .isInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("transactions[1]")
                .hasMessageContaining("'data'");
    }

    @Test
    void mistypedTxidIsAnErrorNamingTheFieldAndTheIndex() throws Exception {
        String json = CORE_SHAPED.replace("\"txid\":\"11cc\"", "\"txid\":17");
        assertThatThrownBy(() -> viaRpc(json))
                .isInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("transactions[2]: field 'txid' missing or not a string");
    }

    @Test
    void missingOrMistypedHeaderFieldsAreErrorsNotZeros() throws Exception {
        assertThatThrownBy(() -> viaRpc(CORE_SHAPED.replace("\"curtime\":1731003600,", "")))
                .isInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("field 'curtime' missing or not an integer");
        assertThatThrownBy(() -> viaRpc(CORE_SHAPED.replace("\"height\":871234", "\"height\":\"871234\"")))
                .isInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("field 'height' missing or not an integer");
        assertThatThrownBy(() -> viaRpc(CORE_SHAPED.replace("\"bits\":\"170237f8\"", "\"bits\":{}")))
                .isInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("field 'bits' missing or not a string");
        // 2^64 fits no long: an error, not a wrapped-around value.
        assertThatThrownBy(() -> viaRpc(CORE_SHAPED.replace("312501710", "18446744073709551616")))
                .isInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("field 'coinbasevalue'");
    }

    @Test
    void transactionsThatAreNotAnArrayAreAnError() {
        // The tree reading saw zero transactions here; a pool would have mined an empty block without a word.
        String json = """
                {"version":4,"previousblockhash":"ab","coinbasevalue":5000000000,"bits":"207fffff",
                 "curtime":1700000000,"height":1,"transactions":{"0":{"data":"00","txid":"aa"}}}""";
        assertThatThrownBy(() -> viaRpc(json))
                .isInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("field 'transactions' is not an array");
    }

    @Test
    void resultThatIsNotAnObjectIsAnError() {
        assertThatThrownBy(() -> viaRpc("[1,2]"))
                .isInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("getblocktemplate returned [1,2]");
        assertThatThrownBy(() -> viaRpc("null"))
                .isInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("getblocktemplate returned null");
    }

    @Test
    void errorAnswerIsRpcExceptionWithTheNodesCodeAndMessage() throws Exception {
        try (FakeNode fake = new FakeNode(method -> new FakeNode.Error(-10, "Bitcoin Core is in initial sync"));
                NodeRpc rpc = new NodeRpc(new NodeEndpoint(fake.url(), new RpcAuth.UserPassword("u", "p"), null))) {
            assertThatThrownBy(() -> rpc.getBlockTemplate(RULES)).isInstanceOfSatisfying(RpcException.class, e -> {
                assertThat(e.code()).isEqualTo(-10);
                assertThat(e.rpcMessage()).isEqualTo("Bitcoin Core is in initial sync");
                assertThat(e.method()).isEqualTo("getblocktemplate");
            });
        }
    }

    @Test
    void templateCallReadsTheCookieAgainAfterANodeRestart(@TempDir Path dir) throws Exception {
        Path cookie = dir.resolve(".cookie");
        Files.writeString(cookie, "__cookie__:first");
        try (FakeNode fake = new FakeNode(method -> CORE_SHAPED);
                NodeRpc rpc = new NodeRpc(new NodeEndpoint(fake.url(), new RpcAuth.CookieFile(cookie), null))) {
            fake.expectedAuthorization = basic("__cookie__:first");
            assertThat(rpc.getBlockTemplate(RULES).height()).isEqualTo(871234);
            Files.writeString(cookie, "__cookie__:second");
            fake.expectedAuthorization = basic("__cookie__:second");
            assertThat(rpc.getBlockTemplate(RULES).height()).isEqualTo(871234);
            assertThat(fake.methods).containsExactly("getblocktemplate", "getblocktemplate");
        }
    }

    @Test
    void answerThatIsNotJsonIsNodeUnavailableShowingItsStart() throws Exception {
        // FakeNode wraps the result, so a truncated result makes the whole reply unparseable.
        assertThatThrownBy(() -> viaRpc("{\"version\":4,\"transactions\":[{\"data\":"))
                .isInstanceOf(NodeUnavailableException.class)
                .hasMessageContaining("no JSON-RPC reply")
                .hasMessageContaining("{\"result\":{\"version\":4");
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** A template with {@code count} random transactions of mainnet-like sizes, all fields Core gives. */
    static String bigTemplate(int count, long seed) {
        Random random = new Random(seed);
        HexFormat hex = HexFormat.of();
        StringBuilder sb = new StringBuilder(count * 1_000);
        sb.append("{\"capabilities\":[\"proposal\"],\"version\":536870912,\"rules\":[\"csv\",\"!segwit\",\"taproot\"],")
                .append("\"vbavailable\":{},\"vbrequired\":0,\"previousblockhash\":\"")
                .append(hex.formatHex(bytes(random, 32)))
                .append("\",\"transactions\":[");
        for (int i = 0; i < count; i++) {
            byte[] data = bytes(random, 150 + random.nextInt(700));
            sb.append(i == 0 ? "" : ",")
                    .append("{\"data\":\"")
                    .append(hex.formatHex(data))
                    .append("\",\"txid\":\"")
                    .append(hex.formatHex(bytes(random, 32)))
                    .append("\",\"hash\":\"")
                    .append(hex.formatHex(bytes(random, 32)))
                    .append("\",\"depends\":[")
                    .append(i > 0 && random.nextInt(10) == 0 ? String.valueOf(i) : "")
                    .append("],\"fee\":")
                    .append(random.nextInt(100_000))
                    .append(",\"sigops\":")
                    .append(random.nextInt(8))
                    .append(",\"weight\":")
                    .append(data.length * 3 + random.nextInt(data.length))
                    .append('}');
        }
        sb.append("],\"coinbaseaux\":{},\"coinbasevalue\":")
                .append(312_500_000L + random.nextInt(50_000_000))
                .append(",\"longpollid\":\"lp")
                .append(seed)
                .append("\",\"target\":\"")
                .append(hex.formatHex(bytes(random, 32)))
                .append("\",\"mintime\":1731000000,")
                .append("\"mutable\":[\"time\",\"transactions\",\"prevblock\"],\"noncerange\":\"00000000ffffffff\",")
                .append("\"sigoplimit\":80000,\"sizelimit\":4000000,\"weightlimit\":4000000,\"curtime\":1731003600,")
                .append("\"bits\":\"170237f8\",\"height\":920000,\"default_witness_commitment\":\"6a24aa21a9ed")
                .append(hex.formatHex(bytes(random, 32)))
                .append("\"}");
        return sb.toString();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
