package org.potluck.stratum.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.potluck.stratum.StratumJson;
import tools.jackson.databind.node.ArrayNode;

/**
 * The submit parser given every params shape a stranger can send (strings, hex-ish strings, numbers, nulls, nested
 * arrays, too few or too many): a {@code Submit} with well-formed fields or a {@code StratumFormatException}.
 * Structured input reaches deeper than raw JSON bytes, which mostly fail early as invalid JSON.
 *
 * <p>One {@code @FuzzTest} per class on purpose: in fuzzing mode Jazzer fuzzes only one per JVM and skips the others,
 * so the pom forks a fresh JVM per class. Long run: see README.md in this folder.
 */
class SubmitParamsFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anySubmitParamsParseToASubmitOrAFormatError(FuzzedDataProvider data) {
        ArrayNode params = StratumJson.MAPPER.createArrayNode();
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            switch (data.consumeInt(0, 5)) {
                case 0 -> params.add(data.consumeString(40));
                case 1 -> params.add(hex(data, data.consumeInt(0, 12)));
                case 2 -> params.add(data.consumeLong());
                case 3 -> params.addNull();
                case 4 -> params.add(data.consumeBoolean());
                default -> params.addArray().add(data.consumeString(8));
            }
        }
        StratumLineFuzzTest.parseSubmit(params);
    }

    private static String hex(FuzzedDataProvider data, int digits) {
        String alphabet = "0123456789abcdefABCDEFxg";
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            sb.append(alphabet.charAt(data.consumeInt(0, alphabet.length() - 1)));
        }
        return sb.toString();
    }
}
