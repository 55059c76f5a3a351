package org.potluck.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StratumRequestTest {

    @Test
    void requestKeepsItsIdMethodAndParams() throws Exception {
        var r = StratumRequest.parse("{\"id\": 4, \"method\": \"mining.suggest_difficulty\", \"params\": [1000]}");
        assertThat(r.id().asLong()).isEqualTo(4);
        assertThat(r.method()).isEqualTo("mining.suggest_difficulty");
        assertThat(r.params().get(0).asInt()).isEqualTo(1000);
        assertThat(r.isResponse()).isFalse();
    }

    @Test
    void idMayBeAStringANumberNullOrMissing() throws Exception {
        assertThat(StratumRequest.parse("{\"id\":\"abc\",\"method\":\"m\"}")
                        .id()
                        .asString())
                .isEqualTo("abc");
        assertThat(StratumRequest.parse("{\"id\":12345678901,\"method\":\"m\"}")
                        .id()
                        .asLong())
                .isEqualTo(12345678901L);
        assertThat(StratumRequest.parse("{\"id\":null,\"method\":\"m\"}").id().isNull())
                .isTrue();
        assertThat(StratumRequest.parse("{\"method\":\"m\"}").id().isNull()).isTrue();
    }

    @Test
    void missingOrNullParamsAreAnEmptyArray() throws Exception {
        assertThat(StratumRequest.parse("{\"id\":1,\"method\":\"mining.extranonce.subscribe\"}")
                        .params()
                        .isArray())
                .isTrue();
        assertThat(StratumRequest.parse("{\"id\":1,\"method\":\"m\",\"params\":null}")
                        .params()
                        .size())
                .isZero();
    }

    @Test
    void paramsThatAreNotAnArrayAreRefused() {
        assertRefused("{\"id\":1,\"method\":\"m\",\"params\":{\"a\":1}}", "\"params\" must be an array");
        assertRefused("{\"id\":1,\"method\":\"m\",\"params\":\"x\"}", "\"params\" must be an array");
    }

    @Test
    void methodMustBeAString() {
        assertRefused("{\"id\":1,\"method\":7}", "\"method\" must be a string");
        assertRefused("{\"id\":1,\"method\":[\"mining.subscribe\"]}", "\"method\" must be a string");
    }

    @Test
    void lineWithoutMethodIsAResponseOnlyWhenItHasAResultOrError() throws Exception {
        var pong = StratumRequest.parse("{\"id\":9,\"result\":\"pong\",\"error\":null}");
        assertThat(pong.isResponse()).isTrue();
        assertThat(pong.id().asLong()).isEqualTo(9);
        assertThat(StratumRequest.parse("{\"id\":9,\"method\":null,\"error\":[20,\"x\",null]}")
                        .isResponse())
                .isTrue();
        assertRefused("{\"id\":9,\"params\":[]}", "missing \"method\"");
    }

    @Test
    void lineThatIsNotAJsonObjectIsRefused() {
        for (String line : new String[] {"[1,2]", "42", "\"mining.subscribe\"", "null", "true"}) {
            assertRefused(line, "expected a JSON object");
        }
    }

    @Test
    void emptyOrBlankLineIsRefused() {
        assertThatThrownBy(() -> StratumRequest.parse("")).isInstanceOf(StratumFormatException.class);
        assertThatThrownBy(() -> StratumRequest.parse("   ")).isInstanceOf(StratumFormatException.class);
    }

    @Test
    void invalidJsonIsRefusedWithTheParsersReason() {
        assertRefusedAsInvalidJson("{\"id\": 1, \"method\": ");
        assertRefusedAsInvalidJson("this is not json");
    }

    @Test
    void twoObjectsOnOneLineAreRefusedNotHalfRead() {
        assertRefusedAsInvalidJson("{\"id\":1,\"method\":\"a\"}{\"id\":2,\"method\":\"b\"}");
        assertRefusedAsInvalidJson("{\"id\":1,\"method\":\"a\"} trailing");
    }

    @Test
    void parsesOnlyTheGivenSliceOfABuffer() throws Exception {
        byte[] buffer = "garbage{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"a\",\"b\"]}more"
                .getBytes(StandardCharsets.UTF_8);
        int start = 7;
        int length = buffer.length - start - 4;
        var r = StratumRequest.parse(buffer, start, length);
        assertThat(r.method()).isEqualTo("mining.authorize");
        assertThat(r.params().size()).isEqualTo(2);
    }

    private static void assertRefused(String line, String message) {
        assertThatThrownBy(() -> StratumRequest.parse(line))
                .as(line)
                .isInstanceOf(StratumFormatException.class)
                .hasMessage(message);
    }

    private static void assertRefusedAsInvalidJson(String line) {
        assertThatThrownBy(() -> StratumRequest.parse(line))
                .as(line)
                .isInstanceOf(StratumFormatException.class)
                .hasMessageStartingWith("invalid JSON: ");
    }
}
