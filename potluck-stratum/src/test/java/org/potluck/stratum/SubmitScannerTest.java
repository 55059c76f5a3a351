package org.potluck.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SubmitScannerTest {

    private static SubmitScanner.Scanned scan(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return SubmitScanner.scan(bytes, 0, bytes.length);
    }

    /** The fast path must agree with the general one on everything it takes. */
    private static void agreesWithGeneralParser(String line) throws StratumFormatException {
        SubmitScanner.Scanned fast = scan(line);
        assertThat(fast).as("fast path should take %s", line).isNotNull();
        StratumRequest general = StratumRequest.parse(line);
        assertThat(fast.id()).isEqualTo(general.id());
        assertThat(fast.submit()).isEqualTo(Submit.parse(general.params()));
    }

    @Test
    void readsTheSubmitsRealMinersSend() throws StratumFormatException {
        // ESP-Miner (compact, version bits), cpuminer (no version bits), ckpool-style spacing, keys in another order.
        agreesWithGeneralParser(
                "{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"bc1q.w\",\"1a\",\"00000001\",\"647025b5\",\"0c1e3d4f\",\"00002000\"]}");
        agreesWithGeneralParser(
                "{\"method\": \"mining.submit\", \"params\": [\"bc1q.w\", \"1a\", \"00000001\", \"647025B5\", \"0C1E3D4F\"], \"id\": 12}");
        agreesWithGeneralParser(
                "{ \"params\" : [ \"w\" , \"j\" , \"ab\" , \"00000000\" , \"ffffffff\" , null ] , \"id\" : \"x-1\" , \"jsonrpc\" : \"2.0\" , \"method\" : \"mining.submit\" }\r");
        agreesWithGeneralParser(
                "{\"id\":null,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]}");
        agreesWithGeneralParser(
                "{\"id\":-7,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]}");
        agreesWithGeneralParser(
                "{\"id\":123456789012345678,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]}");
        assertThat(
                        scan("{\"id\":5,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]}")
                                .id()
                                .isInt())
                .isTrue();
    }

    @Test
    void leavesEverythingElseToTheGeneralParser() {
        String[] others = {
            "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}",
            "{\"id\":1,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\"]}", // too few
            "{\"id\":1,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\",\"0\",\"x\"]}",
            "{\"id\":1,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"abc\",\"00000000\",\"ffffffff\"]}", // odd
            // en2
            "{\"id\":1,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"0000000\",\"ffffffff\"]}", // short
            // ntime
            "{\"id\":1,\"method\":\"mining.submit\",\"params\":[\"w\\\"q\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]}", // escape
            "{\"id\":1,\"method\":\"mining.submit\",\"params\":[\"wé\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]}", // non-ASCII
            "{\"id\":1.5,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]}",
            "{\"id\":01,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]}",
            "{\"id\":-0,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]}",
            "{\"id\":1,\"id\":2,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]}",
            "{\"id\":1,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\"],\"x\":1}",
            "{\"id\":1,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]} {}",
            "{\"id\":1,\"method\":\"mining.submit\",\"params\":[\"w\",\"j\",\"ab\",\"00000000\",\"ffffffff\"]",
            "{\"id\":1,\"method\":\"mining.submit\"}",
            "[]",
            "",
            "{",
            "{}",
        };
        for (String line : others) {
            assertThat(scan(line)).as(line).isNull();
        }
    }
}
