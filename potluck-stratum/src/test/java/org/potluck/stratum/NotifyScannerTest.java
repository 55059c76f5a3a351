package org.potluck.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
        assertThat(scan(line)).isEqualTo(new NotifyScanner.JobHead("1f", prevHash, ntime));
    }

    @Test
    void potluckSplicedNotifyLineIsReadWithItsSessionJobId() {
        var notifyLine = StratumMessages.notifyLine(
                new Notify("", prevHash, coinb1, coinb2, branch, version, nbits, ntime, false));

        assertThat(scan(notifyLine.line("a07c", true))).isEqualTo(new NotifyScanner.JobHead("a07c", prevHash, ntime));
    }

    @Test
    void ckpoolSpacedNotifyWithParamsFirstIsReadTheSame() {
        // ckpool's layout, built by hand: its JSON library's default separators put a space after ':' and ',', and its
        // notify object lists "params" before "id" and "method" (as the bench brief observed on ckpool's wire).
        String line = "{\"params\": [\"64a1\", \"" + prevHash + "\", \"" + coinb1 + "\", \"" + coinb2 + "\", [\""
                + String.join("\", \"", branch) + "\"], \"" + version + "\", \"" + nbits + "\", \"" + ntime
                + "\", true], \"id\": null, \"method\": \"mining.notify\"}";

        assertThat(scan(line)).isEqualTo(new NotifyScanner.JobHead("64a1", prevHash, ntime));
    }

    @Test
    void notifyWithAnEmptyMerkleBranchIsRead() {
        String line = StratumMessages.notify(
                new Notify("2", prevHash, coinb1, coinb2, List.of(), version, nbits, ntime, false));

        assertThat(scan(line)).isEqualTo(new NotifyScanner.JobHead("2", prevHash, ntime));
    }

    @Test
    void setDifficultyIsReadInBothSpacings() {
        assertThat(scan(StratumMessages.setDifficulty(1e-10))).isEqualTo(new NotifyScanner.SetDifficulty(1e-10));
        assertThat(scan("{\"params\": [512], \"id\": null, \"method\": \"mining.set_difficulty\"}"))
                .isEqualTo(new NotifyScanner.SetDifficulty(512));
    }

    @Test
    void repliesHaveNoMethodOrANullOne() {
        assertThat(scan("{\"id\":12,\"result\":true,\"error\":null}")).isEqualTo(new NotifyScanner.Reply(12, true));
        assertThat(scan("{\"id\": 13, \"result\": false, \"error\": [23, \"Low difficulty \\\"share\\\"\", null]}"))
                .isEqualTo(new NotifyScanner.Reply(13, false));
        assertThat(
                        scan(
                                "{\"id\":1,\"result\":[[[\"mining.set_difficulty\",\"a\"],[\"mining.notify\",\"b\"]],\"08000002\",4],\"error\":null}"))
                .isEqualTo(new NotifyScanner.Reply(1, false));
        assertThat(scan("{\"id\":2,\"method\":null,\"result\":{\"ok\":true},\"error\":null}"))
                .isEqualTo(new NotifyScanner.Reply(2, false));
    }

    @Test
    void otherMethodsAreNamedAndSkipped() {
        assertThat(scan(StratumMessages.showMessage("say \"hi\" \\ bye")))
                .isEqualTo(new NotifyScanner.OtherMethod("client.show_message"));
    }

    @Test
    void lineIsReadAtItsOffsetWithinALargerArray() {
        String line = StratumMessages.notify(
                        new Notify("77", prevHash, coinb1, coinb2, branch, version, nbits, ntime, true))
                .strip();
        byte[] bytes = ("garbage before" + line + "garbage after").getBytes(StandardCharsets.US_ASCII);

        assertThat(NotifyScanner.scan(bytes, "garbage before".length(), line.length()))
                .isEqualTo(new NotifyScanner.JobHead("77", prevHash, ntime));
    }

    @Test
    void truncatedNotifyIsRefused() {
        String line =
                StratumMessages.notify(new Notify("1", prevHash, coinb1, coinb2, branch, version, nbits, ntime, true));

        assertThatThrownBy(() -> scan(line.substring(0, line.length() / 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> scan(line.strip().substring(0, line.strip().length() - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line ends early");
    }

    @Test
    void notifyWithTooFewParamsIsRefused() {
        String line = "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"1\",\"" + prevHash
                + "\",\"aa\",\"bb\",[],\"" + version + "\",\"" + nbits + "\",\"" + ntime + "\"]}";

        assertThatThrownBy(() -> scan(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 params, expected 9");
    }

    @Test
    void notifyWhosePrevHashIsNotSixtyFourHexDigitsIsRefused() {
        String shortHash = StratumMessages.notify(
                new Notify("1", prevHash.substring(2), coinb1, coinb2, branch, version, nbits, ntime, true));
        String notHex = StratumMessages.notify(
                new Notify("1", "z" + prevHash.substring(1), coinb1, coinb2, branch, version, nbits, ntime, true));

        assertThatThrownBy(() -> scan(shortHash))
                .hasMessageContaining("params[1] (prevhash) must be 64 hex digits, got 62");
        assertThatThrownBy(() -> scan(notHex)).hasMessageContaining("params[1] (prevhash) is not hex");
    }

    @Test
    void notifyWithANumericJobIdIsRefused() {
        String line = "{\"params\": [7, \"" + prevHash + "\", \"aa\", \"bb\", [], \"" + version + "\", \"" + nbits
                + "\", \"" + ntime + "\", true], \"id\": null, \"method\": \"mining.notify\"}";

        assertThatThrownBy(() -> scan(line)).hasMessageContaining("params[0] (job id) is not a string");
    }

    @Test
    void lineThatIsNotAJsonObjectIsRefused() {
        assertThatThrownBy(() -> scan("HTTP/1.1 400 Bad Request")).hasMessageContaining("expected '{'");
        assertThatThrownBy(() -> scan("")).hasMessageContaining("line ends early");
        assertThatThrownBy(() -> scan("{\"id\":1 \"result\":true}")).hasMessageContaining("expected ',' or '}'");
    }

    @Test
    void setDifficultyThatIsNotAPositiveNumberIsRefused() {
        assertThatThrownBy(() -> scan("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[\"8\"]}"))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> scan("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0]}"))
                .hasMessageContaining("must be above 0");
    }

    private static NotifyScanner.Scanned scan(String line) {
        // As LineBasedFrameDecoder hands lines over: without the newline.
        byte[] bytes = line.strip().getBytes(StandardCharsets.UTF_8);
        return NotifyScanner.scan(bytes, 0, bytes.length);
    }
}
