package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A submit names a job only by the exact text the session sent for it (docs/stratum-rules.md, "Job ids"). */
class Sv1JobIdsTest {

    @Test
    void theIdsASessionSendsReadBackAsTheirNumbers() {
        for (long n : new long[] {1, 9, 10, 15, 16, 255, 0x3e8, Long.MAX_VALUE}) {
            assertThat(Sv1JobIds.parse(Long.toHexString(n)))
                    .as(Long.toHexString(n))
                    .isEqualTo(n);
        }
    }

    @Test
    void anyOtherSpellingNamesNoJob() {
        for (String id : new String[] {
            "", "0", "01", "A", "0x1", " 1", "1 ", "g", "-1", "8000000000000000", "10000000000000000", "１"
        }) {
            assertThat(Sv1JobIds.parse(id)).as("\"%s\"", id).isEqualTo(Sv1JobIds.NONE);
        }
    }
}
