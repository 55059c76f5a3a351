package org.potluck.stratum.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.potluck.stratum.StratumFormatException;
import org.potluck.stratum.StratumRequest;
import org.potluck.stratum.Submit;
import org.potluck.stratum.SubmitScanner;

/**
 * The Stratum line parser faces whatever bytes a stranger sends. Whatever they are, the answer is a request or a
 * {@link StratumFormatException} with a message; any other exception would reach the connection's error handler.
 *
 * <p>Without {@code JAZZER_FUZZ} set, Jazzer runs each {@code @FuzzTest} once per seed in
 * {@code src/test/resources/org/potluck/stratum/fuzz/StratumLineFuzzTestInputs/<method>/} plus an empty input
 * (regression mode). This module's pom sets {@code JAZZER_FUZZ=1} for surefire, so CI fuzzes each target for the
 * short {@code maxDuration} below. A longer run of one target (findings are written next to the seeds):
 * <pre>
 *   ./mvnw -pl potluck-stratum test -Dtest=StratumLineFuzzTest#anyBytesParseToARequestOrAFormatError \
 *       -Djazzer.max_duration=30m
 * </pre>
 * See README.md in this folder.
 */
class StratumLineFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyBytesParseToARequestOrAFormatError(byte[] line) {
        // Differential: whatever the fast submit path takes, the general parser must read the same way.
        SubmitScanner.Scanned fast = SubmitScanner.scan(line, 0, line.length);
        StratumRequest request;
        try {
            request = StratumRequest.parse(line, 0, line.length);
        } catch (StratumFormatException e) {
            assertThat(fast)
                    .as("fast path took a line the general parser refuses")
                    .isNull();
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        if (fast != null) {
            assertThat(request.method()).isEqualTo("mining.submit");
            assertThat(fast.id()).isEqualTo(request.id());
            try {
                assertThat(fast.submit()).isEqualTo(Submit.parse(request.params()));
            } catch (StratumFormatException e) {
                throw new AssertionError("fast path took a submit the general parser refuses: " + e.getMessage());
            }
        }
        assertThat(request.params()).isNotNull();
        assertThat(request.id()).isNotNull();
        if (!request.isResponse()) {
            assertThat(request.params().isArray()).isTrue();
            // Whatever the method name says, the pool may hand these params to the submit parser.
            parseSubmit(request.params());
        }
    }

    /** A hand-written line of every kind runs even when nothing else does, so this class can never pass vacuously. */
    @Test
    void realMinerLinesParseAndGarbageIsAFormatError() throws StratumFormatException {
        var submit = StratumRequest.parse(
                "{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"bc1q.w\",\"1a\",\"00000001\","
                        + "\"647025b5\",\"0c1e3d4f\",\"00002000\"]}");
        assertThat(Submit.parse(submit.params()).versionBits()).isEqualTo(0x2000);
        for (String garbage : new String[] {
            "", "[]", "{", "\u0000", "{\"id\":1}", "{\"method\":7}", "{\"method\":\"x\",\"params\":{}}"
        }) {
            byte[] bytes = garbage.getBytes(StandardCharsets.UTF_8);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> StratumRequest.parse(bytes, 0, bytes.length))
                    .isInstanceOf(StratumFormatException.class);
        }
    }

    static void parseSubmit(tools.jackson.databind.JsonNode params) {
        Submit submit;
        try {
            submit = Submit.parse(params);
        } catch (StratumFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        // A parsed submit keeps the promises the pool relies on: hex fields of the right form, lower case.
        assertThat(submit.extranonce2()).matches("([0-9a-f]{2})+");
        assertThat(submit.ntimeHex()).matches("[0-9a-f]{8}");
        assertThat(submit.nonceHex()).matches("[0-9a-f]{8}");
        assertThat(Integer.toUnsignedLong(submit.ntime())).isEqualTo(Long.parseLong(submit.ntimeHex(), 16));
        if (submit.versionBits() != null) {
            assertThat(submit.versionBitsHex()).matches("[0-9a-f]{8}");
        }
    }
}
