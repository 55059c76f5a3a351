package org.potluck.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.potluck.stratum.Notify;
import org.potluck.stratum.StratumMessages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NotifyScannerTest {
    // Job fields of a real mainnet share: vectors/sv1-share-height-791433.json (repository root), block height 791433.
    private static final Path VECTOR = Path.of("..", "vectors", "sv1-share-height-791433.json");
    private static String prevHash;
    private static String version;
    private static String nbits;
    private static String ntime;
    private static String coinb1;
    private static String coinb2;
    private static List<String> branch;

    @BeforeAll
    static void readVector() throws Exception {
        JsonNode v = JsonMapper.builder().build().readTree(Files.readString(VECTOR));
        JsonNode n = v.path("notify");
        prevHash = n.path("prevhash").asString();
        version = n.path("version").asString();
        nbits = n.path("nbits").asString();
        ntime = n.path("ntime").asString();
        branch = new ArrayList<>();
        n.path("merkle_branch").forEach(b -> branch.add(b.asString()));
        String coinbase = v.path("coinbase_tx").asString();
        // The coinbase around 8 bytes of extranonce; where exactly it is cut does not matter to the scanner.
        coinb1 = coinbase.substring(0, 120);
        coinb2 = coinbase.substring(136);
    }

    @Test
    void potluckCompactNotifyGivesJobIdPrevHashAndNtime() {
        String line =
                StratumMessages.notify(new Notify("1f", prevHash, coinb1, coinb2, branch, version, nbits, ntime, true));

        assertThat(line).startsWith("{").doesNotContain(": ");
        assertThat(NotifyScanner.scan(buf(line))).isEqualTo(new NotifyScanner.Notify("1f", prevHash, ntime));
    }

    @Test
    void potluckSplicedNotifyLineIsReadWithItsSessionJobId() {
        var notifyLine = StratumMessages.notifyLine(
                new Notify("", prevHash, coinb1, coinb2, branch, version, nbits, ntime, false));

        assertThat(NotifyScanner.scan(buf(notifyLine.line("a07c", true))))
                .isEqualTo(new NotifyScanner.Notify("a07c", prevHash, ntime));
    }

    @Test
    void ckpoolSpacedNotifyWithParamsFirstIsReadTheSame() {
        // ckpool's layout, built by hand: its JSON library's default separators put a space after ':' and ',', and its
        // notify object lists "params" before "id" and "method" (as the bench brief observed on ckpool's wire).
        String line = "{\"params\": [\"64a1\", \"" + prevHash + "\", \"" + coinb1 + "\", \"" + coinb2 + "\", [\""
                + String.join("\", \"", branch) + "\"], \"" + version + "\", \"" + nbits + "\", \"" + ntime
                + "\", true], \"id\": null, \"method\": \"mining.notify\"}";

        assertThat(NotifyScanner.scan(buf(line))).isEqualTo(new NotifyScanner.Notify("64a1", prevHash, ntime));
    }

    @Test
    void notifyWithAnEmptyMerkleBranchIsRead() {
        String line = StratumMessages.notify(
                new Notify("2", prevHash, coinb1, coinb2, List.of(), version, nbits, ntime, false));

        assertThat(NotifyScanner.scan(buf(line))).isEqualTo(new NotifyScanner.Notify("2", prevHash, ntime));
    }

    @Test
    void setDifficultyIsReadInBothSpacings() {
        assertThat(NotifyScanner.scan(buf(StratumMessages.setDifficulty(1e-10))))
                .isEqualTo(new NotifyScanner.SetDifficulty(1e-10));
        assertThat(NotifyScanner.scan(buf("{\"params\": [512], \"id\": null, \"method\": \"mining.set_difficulty\"}")))
                .isEqualTo(new NotifyScanner.SetDifficulty(512));
    }

    @Test
    void repliesHaveNoMethodOrANullOne() {
        assertThat(NotifyScanner.scan(buf("{\"id\":12,\"result\":true,\"error\":null}")))
                .isEqualTo(NotifyScanner.Reply.INSTANCE);
        assertThat(NotifyScanner.scan(buf(
                        "{\"id\": 13, \"result\": false, \"error\": [23, \"Low difficulty \\\"share\\\"\", null]}")))
                .isEqualTo(NotifyScanner.Reply.INSTANCE);
        assertThat(
                        NotifyScanner.scan(
                                buf(
                                        "{\"id\":1,\"result\":[[[\"mining.set_difficulty\",\"a\"],[\"mining.notify\",\"b\"]],\"08000002\",4],\"error\":null}")))
                .isEqualTo(NotifyScanner.Reply.INSTANCE);
        assertThat(NotifyScanner.scan(buf("{\"id\":2,\"method\":null,\"result\":{\"ok\":true},\"error\":null}")))
                .isEqualTo(NotifyScanner.Reply.INSTANCE);
    }

    @Test
    void otherMethodsAreNamedAndSkipped() {
        assertThat(NotifyScanner.scan(buf(StratumMessages.showMessage("say \"hi\" \\ bye"))))
                .isEqualTo(new NotifyScanner.OtherMethod("client.show_message"));
    }

    @Test
    void lineIsReadFromTheReaderIndexOfAnyBuffer() {
        String line =
                StratumMessages.notify(new Notify("77", prevHash, coinb1, coinb2, branch, version, nbits, ntime, true));
        byte[] bytes = ("garbage before" + line).getBytes(StandardCharsets.US_ASCII);
        ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        direct.readerIndex("garbage before".length());
        try {
            assertThat(NotifyScanner.scan(direct)).isEqualTo(new NotifyScanner.Notify("77", prevHash, ntime));
            assertThat(direct.readerIndex()).isEqualTo("garbage before".length());
        } finally {
            direct.release();
        }
    }

    @Test
    void truncatedNotifyIsRefused() {
        String line =
                StratumMessages.notify(new Notify("1", prevHash, coinb1, coinb2, branch, version, nbits, ntime, true));

        assertThatThrownBy(() -> NotifyScanner.scan(buf(line.substring(0, line.length() / 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> NotifyScanner.scan(
                        buf(line.strip().substring(0, line.strip().length() - 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line ends early");
    }

    @Test
    void notifyWithTooFewParamsIsRefused() {
        String line = "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"1\",\"" + prevHash
                + "\",\"aa\",\"bb\",[],\"" + version + "\",\"" + nbits + "\",\"" + ntime + "\"]}";

        assertThatThrownBy(() -> NotifyScanner.scan(buf(line)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 params, expected 9");
    }

    @Test
    void notifyWhosePrevHashIsNotSixtyFourHexDigitsIsRefused() {
        String shortHash = StratumMessages.notify(
                new Notify("1", prevHash.substring(2), coinb1, coinb2, branch, version, nbits, ntime, true));
        String notHex = StratumMessages.notify(
                new Notify("1", "z" + prevHash.substring(1), coinb1, coinb2, branch, version, nbits, ntime, true));

        assertThatThrownBy(() -> NotifyScanner.scan(buf(shortHash)))
                .hasMessageContaining("params[1] (prevhash) must be 64 hex digits, got 62");
        assertThatThrownBy(() -> NotifyScanner.scan(buf(notHex)))
                .hasMessageContaining("params[1] (prevhash) is not hex");
    }

    @Test
    void notifyWithANumericJobIdIsRefused() {
        String line = "{\"params\": [7, \"" + prevHash + "\", \"aa\", \"bb\", [], \"" + version + "\", \"" + nbits
                + "\", \"" + ntime + "\", true], \"id\": null, \"method\": \"mining.notify\"}";

        assertThatThrownBy(() -> NotifyScanner.scan(buf(line)))
                .hasMessageContaining("params[0] (job id) is not a string");
    }

    @Test
    void lineThatIsNotAJsonObjectIsRefused() {
        assertThatThrownBy(() -> NotifyScanner.scan(buf("HTTP/1.1 400 Bad Request")))
                .hasMessageContaining("expected '{'");
        assertThatThrownBy(() -> NotifyScanner.scan(buf(""))).hasMessageContaining("line ends early");
        assertThatThrownBy(() -> NotifyScanner.scan(buf("{\"id\":1 \"result\":true}")))
                .hasMessageContaining("expected ',' or '}'");
    }

    @Test
    void setDifficultyThatIsNotAPositiveNumberIsRefused() {
        assertThatThrownBy(() -> NotifyScanner.scan(
                        buf("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[\"8\"]}")))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() ->
                        NotifyScanner.scan(buf("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0]}")))
                .hasMessageContaining("must be above 0");
    }

    private static ByteBuf buf(String line) {
        // As LineBasedFrameDecoder hands lines over: without the newline.
        return Unpooled.copiedBuffer(line.strip(), StandardCharsets.UTF_8);
    }
}
