package org.potluck.accounting.published;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class U32HexTest {
    @Test
    void formatGivesEightLowerCaseDigitsForEveryU32AndParseReadsThemBack() {
        for (int value : List.of(0, 1, 0xabcd, 0x20000000, 0x1fffe000, 0x7fffffff, 0x80000000, -2, -1)) {
            assertThat(U32Hex.format(value)).isEqualTo(String.format("%08x", value));
            assertThat(U32Hex.parse(U32Hex.format(value), "v")).isEqualTo(value);
        }
    }
}
