package org.potluck.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetTest {
    @Test
    void diff1IsFfffShiftedBy208() {
        assertThat(Target.DIFF1.toString(16)).isEqualTo("ffff" + "0".repeat(52));
        assertThat(Target.fromBits(0x1d00ffff)).isEqualTo(Target.DIFF1);
        assertThat(Target.difficultyOf(Target.fromBits(0x1d00ffff))).isEqualTo(1.0);
    }

    @Test
    void regtestBitsGiveTheTinyRegtestDifficulty() {
        BigInteger target = Target.fromBits(0x207fffff);
        assertThat(target.toString(16)).isEqualTo("7fffff" + "0".repeat(58));
        assertThat(Target.difficultyOf(target)).isCloseTo(4.656542373906925e-10, within(1e-24));
    }

    @Test
    void mainnetBitsOfTheVectorGiveAbout49point5Trillion() {
        // 0x1705ae3a: mantissa 0x05ae3a, exponent 23, so difficulty = 0xffff * 2^48 / 0x05ae3a exactly
        // = 49549703178592.68 (the network difficulty of block 791433, May 2023).
        assertThat(Target.difficultyOf(Target.fromBits(0x1705ae3a))).isCloseTo(49549703178592.68, Offset.offset(1.0));
    }

    @Test
    void mainnetBits17053894GiveAbout53point9Trillion() {
        // 53911173001054.59 is the mainnet difficulty of nBits 0x17053894 (mid-2023), = 0xffff * 2^48 / 0x053894.
        assertThat(Target.difficultyOf(Target.fromBits(0x17053894))).isCloseTo(53911173001054.59, Offset.offset(1.0));
    }

    @Test
    void fromBitsRejectsNegativeZeroAndOverflow() {
        assertThatThrownBy(() -> Target.fromBits(0x04923456)).hasMessageContaining("negative");
        assertThatThrownBy(() -> Target.fromBits(0x1d000000)).hasMessageContaining("zero");
        assertThatThrownBy(() -> Target.fromBits(0xff123456)).hasMessageContaining("overflow");
        assertThat(Target.fromBits(0x01123456)).isEqualTo(BigInteger.valueOf(0x12));
    }

    @Test
    void fromDifficultyOneIsExactlyDiff1() {
        assertThat(Target.fromDifficulty(1)).isEqualTo(Target.DIFF1);
        assertThat(Target.fromDifficulty(2)).isEqualTo(Target.DIFF1.shiftRight(1));
        assertThat(Target.fromDifficulty(0.5)).isEqualTo(Target.DIFF1.shiftLeft(1));
    }

    @ParameterizedTest
    @ValueSource(
            doubles = {1e-12, 4.656542373906925e-10, 1e-6, 0.001, 1, 683, 1000, 65536, 1.5e9, 53911173001054.59, 1e15})
    void difficultyRoundTripsThroughTarget(double d) {
        assertThat(Target.difficultyOf(Target.fromDifficulty(d))).isCloseTo(d, within(d * 1e-12));
    }

    @Test
    void tinyDifficultyTargetsAreMetByEveryHash() {
        byte[] allOnes = new byte[32];
        java.util.Arrays.fill(allOnes, (byte) 0xff);
        assertThat(Target.fromDifficulty(1e-12)).isGreaterThan(Target.MAX_HASH);
        assertThat(Target.meets(allOnes, Target.fromDifficulty(1e-12))).isTrue();
        assertThat(Target.toLittleEndian32(Target.fromDifficulty(1e-12))).isEqualTo(allOnes);
        assertThat(Target.meets(allOnes, Target.fromDifficulty(1))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void badDifficultyIsRejected(double d) {
        assertThatThrownBy(() -> Target.fromDifficulty(d))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive finite");
    }

    @Test
    void meetsComparesAsLittleEndian256WithEqualityIncluded() {
        BigInteger target = new BigInteger("00000000ffff0000000000000000000000000000000000000000000000001234", 16);
        byte[] le = Target.toLittleEndian32(target);
        assertThat(Target.hashValue(le)).isEqualTo(target);
        byte[] equal = le.clone();
        byte[] above = le.clone();
        above[0]++; // least significant byte
        byte[] below = le.clone();
        below[27] = (byte) 0xfe; // a more significant byte of ffff drops
        assertThat(Target.meets(equal, le)).isTrue();
        assertThat(Target.meets(above, le)).isFalse();
        assertThat(Target.meets(below, le)).isTrue();
        assertThat(Target.meets(above, target)).isFalse();
        assertThat(Target.meets(below, target)).isTrue();
    }

    @Test
    void difficultyOfHashAgreesWithExactDivision() {
        byte[] hash = Sha256.sha256d(new byte[] {42});
        hash[31] = 0;
        hash[30] = 0;
        hash[29] = 0x01;
        double exact = new java.math.BigDecimal(Target.DIFF1)
                .divide(new java.math.BigDecimal(Target.hashValue(hash)), java.math.MathContext.DECIMAL64)
                .doubleValue();
        assertThat(Target.difficultyOfHash(hash)).isCloseTo(exact, within(exact * 1e-14));
    }
}
