package org.potluck.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SubmitTest {

    private static JsonNode params(String json) {
        return StratumJson.MAPPER.readTree(json);
    }

    private static Submit parse(String json) throws StratumFormatException {
        return Submit.parse(params(json));
    }

    @Test
    void fiveParamsWithoutVersionBits() throws Exception {
        Submit s = parse("[\"addr.rig\", \"1a\", \"00000000000000ff\", \"647025b5\", \"0a029ed1\"]");
        assertThat(s.worker()).isEqualTo("addr.rig");
        assertThat(s.jobId()).isEqualTo("1a");
        assertThat(s.extranonce2()).isEqualTo("00000000000000ff");
        assertThat(s.ntime()).isEqualTo(0x647025b5);
        assertThat(s.nonce()).isEqualTo(0x0a029ed1);
        assertThat(s.versionBits()).isNull();
        assertThat(s.versionBitsHex()).isNull();
    }

    @Test
    void sixthParamIsTheVersionBitsAndNullMeansNone() throws Exception {
        Submit rolled = parse("[\"w\", \"1\", \"00\", \"647025b5\", \"0a029ed1\", \"1fffe000\"]");
        assertThat(rolled.versionBits()).isEqualTo(0x1fffe000);
        assertThat(rolled.versionBitsHex()).isEqualTo("1fffe000");
        assertThat(parse("[\"w\", \"1\", \"00\", \"647025b5\", \"0a029ed1\", null]")
                        .versionBits())
                .isNull();
    }

    @Test
    void u32FieldsAreUnsignedAndHexIsLowerCased() throws Exception {
        Submit s = parse("[\"w\", \"1\", \"ABCDEF\", \"FFFFFFFF\", \"80000000\", \"E0000000\"]");
        assertThat(s.ntime()).isEqualTo(-1);
        assertThat(Integer.toUnsignedLong(s.ntime())).isEqualTo(0xffffffffL);
        assertThat(s.nonce()).isEqualTo(0x80000000);
        assertThat(s.extranonce2()).isEqualTo("abcdef");
        assertThat(s.ntimeHex()).isEqualTo("ffffffff");
        assertThat(s.nonceHex()).isEqualTo("80000000");
        assertThat(s.versionBitsHex()).isEqualTo("e0000000");
    }

    @Test
    void fewerThanFiveParamsIsRefusedWithTheCount() {
        assertThatThrownBy(() -> parse("[\"w\", \"1\", \"00\", \"647025b5\"]"))
                .isInstanceOf(StratumFormatException.class)
                .hasMessageEndingWith("got 4 params");
        assertThatThrownBy(() -> parse("[]"))
                .isInstanceOf(StratumFormatException.class)
                .hasMessageEndingWith("got 0 params");
    }

    @Test
    void paramsThatAreNotStringsAreRefusedByName() {
        assertRefused("[1, \"1\", \"00\", \"647025b5\", \"0a029ed1\"]", "worker must be a string");
        assertRefused("[\"w\", 1, \"00\", \"647025b5\", \"0a029ed1\"]", "job_id must be a string");
        assertRefused("[\"w\", \"1\", null, \"647025b5\", \"0a029ed1\"]", "extranonce2 must be a string");
        assertRefused("[\"w\", \"1\", \"00\", 1685071285, \"0a029ed1\"]", "ntime must be a string");
        assertRefused("[\"w\", \"1\", \"00\", \"647025b5\", 167943889]", "nonce must be a string");
        assertRefused("[\"w\", \"1\", \"00\", \"647025b5\", \"0a029ed1\", 536870912]", "version_bits must be a string");
    }

    @Test
    void extranonce2MustBeNonEmptyHexOfWholeBytes() {
        for (String bad : new String[] {"", "0", "abc", "zz", "0x00", "00 0"}) {
            assertThatThrownBy(() -> parse("[\"w\", \"1\", \"" + bad + "\", \"647025b5\", \"0a029ed1\"]"))
                    .as(bad)
                    .isInstanceOf(StratumFormatException.class)
                    .hasMessageStartingWith("extranonce2 must be hex");
        }
    }

    @Test
    void u32FieldsMustBeExactlyEightHexDigits() {
        assertRefused(
                "[\"w\", \"1\", \"00\", \"647025b\", \"0a029ed1\"]", "ntime must be 8 hex digits, got \"647025b\"");
        assertRefused(
                "[\"w\", \"1\", \"00\", \"647025b5\", \"0a029ed100\"]",
                "nonce must be 8 hex digits, got \"0a029ed100\"");
        assertRefused(
                "[\"w\", \"1\", \"00\", \"647025b5\", \"-a029ed1\"]", "nonce must be 8 hex digits, got \"-a029ed1\"");
        assertRefused(
                "[\"w\", \"1\", \"00\", \"647025b5\", \"0a029ed1\", \"1fffe00g\"]",
                "version_bits must be 8 hex digits, got \"1fffe00g\"");
    }

    @Test
    void longBadValuesAreClippedInTheMessage() {
        String huge = "x".repeat(10_000);
        assertRefused(
                "[\"w\", \"1\", \"00\", \"" + huge + "\", \"0a029ed1\"]",
                "ntime must be 8 hex digits, got \"xxxxxxxxxxxxxxxxxxxx...\"");
    }

    private static void assertRefused(String params, String message) {
        assertThatThrownBy(() -> parse(params))
                .as(params)
                .isInstanceOf(StratumFormatException.class)
                .hasMessage(message);
    }
}
