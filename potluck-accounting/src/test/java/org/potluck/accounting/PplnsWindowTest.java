package org.potluck.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PplnsWindowTest {
    private static final int DIFFICULTY_ONE_BITS = 0x1d00ffff;

    @Test
    void lastShareThatCrossesTheWindowSizeCountsOnlyInPart() {
        List<WindowShare> newestFirst = List.of(
                WindowShare.of(10, "alice", 3.0),
                WindowShare.of(9, "bob", 4.0),
                WindowShare.of(8, "carol", 5.0), // only 1 of its 5 fits in a window of 8
                WindowShare.of(7, "dave", 100.0)); // never reached

        Window w = PplnsWindow.select(newestFirst, new BigDecimal("8"));

        assertThat(w.total()).isEqualByComparingTo("8");
        assertThat(w.weights()).containsOnlyKeys("alice", "bob", "carol");
        assertThat(w.weights().get("carol")).isEqualByComparingTo("1");
        assertThat(w.shareCount()).isEqualTo(3);
        assertThat(w.endSequence()).isEqualTo(10);
        assertThat(w.startSequence()).isEqualTo(8);
    }

    @Test
    void shareThatExactlyFillsTheWindowEndsIt() {
        Window w = PplnsWindow.select(
                List.of(WindowShare.of(3, "a", 2.0), WindowShare.of(2, "b", 6.0), WindowShare.of(1, "c", 1.0)),
                new BigDecimal("8"));

        assertThat(w.shareCount()).isEqualTo(2);
        assertThat(w.weights()).containsOnlyKeys("a", "b");
        assertThat(w.startSequence()).isEqualTo(2);
    }

    @Test
    void allSharesCountInFullWhenTheyDoNotReachTheWindowSize() {
        Window w = PplnsWindow.select(
                List.of(WindowShare.of(2, "a", 1.5), WindowShare.of(1, "b", 2.25)), new BigDecimal("1000"));

        assertThat(w.total()).isEqualByComparingTo("3.75");
        assertThat(w.shareCount()).isEqualTo(2);
    }

    @Test
    void multiplierOneKeepsOneNetworkDifficultyOfSharesAndEightKeepsEight() {
        // Nine shares of weight 1 at network difficulty 1 (nbits 1d00ffff).
        List<WindowShare> shares = List.of(
                WindowShare.of(9, "new", 1.0),
                WindowShare.of(8, "mid", 1.0),
                WindowShare.of(7, "mid", 1.0),
                WindowShare.of(6, "mid", 1.0),
                WindowShare.of(5, "mid", 1.0),
                WindowShare.of(4, "mid", 1.0),
                WindowShare.of(3, "mid", 1.0),
                WindowShare.of(2, "mid", 1.0),
                WindowShare.of(1, "old", 1.0));

        Window one = PplnsWindow.select(shares, PplnsWindow.windowSize(BigDecimal.ONE, DIFFICULTY_ONE_BITS));
        Window eight =
                PplnsWindow.select(shares, PplnsWindow.windowSize(PplnsWindow.DEFAULT_MULTIPLIER, DIFFICULTY_ONE_BITS));

        assertThat(one.weights()).containsOnlyKeys("new");
        assertThat(one.shareCount()).isEqualTo(1);
        assertThat(eight.weights()).containsOnlyKeys("new", "mid");
        assertThat(eight.weights().get("mid")).isEqualByComparingTo("7");
        assertThat(eight.shareCount()).isEqualTo(8);
    }

    @Test
    void networkDifficultyOfTheGenesisBitsIsOne() {
        assertThat(PplnsWindow.networkDifficulty(DIFFICULTY_ONE_BITS)).isEqualByComparingTo("1");
        assertThat(PplnsWindow.windowSize(new BigDecimal("8"), DIFFICULTY_ONE_BITS))
                .isEqualByComparingTo("8");
    }

    @Test
    void weightsOfOneAddressAreSummedAcrossItsShares() {
        Window w = PplnsWindow.select(
                List.of(
                        WindowShare.of(4, "alice", 0.5),
                        WindowShare.of(3, "bob", 2.0),
                        WindowShare.of(2, "alice", 0.25),
                        WindowShare.of(1, "alice", 1.0)),
                new BigDecimal("100"));

        assertThat(w.weights()).isEqualTo(Map.of("alice", new BigDecimal("1.75"), "bob", new BigDecimal("2.0")));
    }

    @Test
    void shareWeightIsTheDoubleToStringDigitsOfTheDifficulty() {
        // 0.1 is not exact in binary; the window must use "0.1", the digits the JSON API prints.
        assertThat(WindowShare.of(1, "a", 0.1).weight()).isEqualTo(new BigDecimal("0.1"));
        assertThat(WindowShare.of(1, "a", 1e20).weight()).isEqualByComparingTo("100000000000000000000");
    }

    @Test
    void noSharesGiveTheEmptyWindow() {
        assertThat(PplnsWindow.select(List.of(), BigDecimal.TEN)).isEqualTo(Window.empty());
    }

    @Test
    void sharesOutOfOrderOrRepeatedAreRefused() {
        assertThatThrownBy(() -> PplnsWindow.select(
                        List.of(WindowShare.of(1, "a", 1), WindowShare.of(2, "b", 1)), BigDecimal.TEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newest first");
        assertThatThrownBy(() -> PplnsWindow.select(
                        List.of(WindowShare.of(2, "a", 1), WindowShare.of(2, "a", 1)), BigDecimal.TEN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void selectEndingAtIgnoresSharesNewerThanTheJobAndAcceptsAnyOrder() {
        List<WindowShare> shuffled = List.of(
                WindowShare.of(2, "b", 1),
                WindowShare.of(5, "late", 1),
                WindowShare.of(1, "a", 1),
                WindowShare.of(3, "c", 1));

        Window w = PplnsWindow.selectEndingAt(shuffled, 3, new BigDecimal("2"));

        assertThat(w.weights()).containsOnlyKeys("c", "b");
        assertThat(w.endSequence()).isEqualTo(3);
    }

    @Test
    void badInputsAreRefusedWithAReason() {
        assertThatThrownBy(() -> WindowShare.of(1, "a", Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> WindowShare.of(1, "a", -1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> WindowShare.of(1, " ", 1)).hasMessageContaining("address");
        assertThatThrownBy(() -> PplnsWindow.select(List.of(), BigDecimal.ZERO)).hasMessageContaining("positive");
        assertThatThrownBy(() -> PplnsWindow.windowSize(BigDecimal.ZERO, DIFFICULTY_ONE_BITS))
                .hasMessageContaining("multiplier");
    }
}
