package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.potluck.core.Rejection;

/** The Stratum v1 edge answers each domain rejection with the code the pool sent for it before it became one. */
class Sv1ErrorsTest {
    /**
     * The codes as StratumConnection and ShareValidator sent them when they named StratumError themselves: written out
     * here rather than derived, so that a changed mapping shows up as a changed line in this table.
     */
    private static final Map<Rejection, Integer> CODES_MINERS_GOT = new EnumMap<>(Map.ofEntries(
            Map.entry(Rejection.NOT_SUBSCRIBED, 25),
            Map.entry(Rejection.NOT_AUTHORIZED, 24),
            Map.entry(Rejection.WRONG_WORKER, 24),
            Map.entry(Rejection.MALFORMED_SUBMIT, 20),
            Map.entry(Rejection.UNKNOWN_JOB, 21),
            Map.entry(Rejection.STALE_JOB, 21),
            Map.entry(Rejection.NTIME_OUT_OF_RANGE, 20),
            Map.entry(Rejection.VERSION_BITS_OUTSIDE_MASK, 20),
            Map.entry(Rejection.LOW_DIFFICULTY, 23),
            Map.entry(Rejection.DUPLICATE, 22),
            Map.entry(Rejection.STORAGE_FAILURE, 20)));

    @Test
    void everyRejectionHasExactlyOneSv1CodeAndTheCodesAreTheOnesMinersGotBefore() {
        // A reason added without a row here fails: its code must be chosen on purpose, not defaulted.
        assertThat(CODES_MINERS_GOT).containsOnlyKeys(Rejection.values());
        assertSoftly(soft -> {
            for (Rejection rejection : Rejection.values()) {
                soft.assertThat(Sv1Errors.of(rejection).code())
                        .as("%s", rejection)
                        .isEqualTo(CODES_MINERS_GOT.get(rejection));
            }
        });
    }

    @Test
    void everyRejectionKeepsTheMetricLabelItsStratumErrorHadOnTheDashboards() {
        // Before, shares were counted under the lower-case name of their StratumError: dashboards and alerts query
        // those.
        assertSoftly(soft -> {
            for (Rejection rejection : Rejection.values()) {
                soft.assertThat(rejection.metricLabel())
                        .as("%s", rejection)
                        .isEqualTo(Sv1Errors.of(rejection).name().toLowerCase(Locale.ROOT));
            }
        });
    }
}
