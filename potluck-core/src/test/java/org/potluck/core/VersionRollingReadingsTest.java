package org.potluck.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.potluck.bitcoin.BlockHeader;
import org.potluck.bitcoin.CoinbaseParts;
import org.potluck.bitcoin.Hex;
import org.potluck.bitcoin.Merkle;
import org.potluck.bitcoin.Sha256;
import org.potluck.bitcoin.Target;

/**
 * Each deployed firmware's version-bits formula (see {@link VersionBits} for the sources), on jobs whose version has
 * bits inside the rolling mask, with real double-SHA256 headers: the share the miner found is credited with the header
 * it hashed. The network target is mainnet's difficulty 1, so no share here is a block by accident.
 */
class VersionRollingReadingsTest {
    private static final int MASK = 0x1fffe000;
    private static final int MAINNET_DIFFICULTY_1_BITS = 0x1d00ffff;
    /** About 43,000 hashes a share: milliseconds. */
    private static final double SHARE_DIFFICULTY = 1e-5;

    private static final byte[] SHARE_TARGET = Target.toLittleEndian32(Target.fromDifficulty(SHARE_DIFFICULTY));
    private static final byte[] EXTRANONCE1 = Hex.decode("0a0b0c0d");
    private static final String EXTRANONCE2 = "0000000000000007";
    private static final int NTIME = 1_700_000_000;

    /** ESP-Miner with a BM1366/68/70: the chip's rolled bits are ORed into the job version and the XOR is submitted. */
    @Test
    void espMinerDeltaFromABm1370IsCreditedWithTheHeaderTheChipHashed() {
        assertCreditedAsHashed(0x30000003, 0x30000003 | 0x0a5ae000, 0x0a5ae000);
        assertCreditedAsHashed(0x20002000, 0x20002000 | 0x00004000, 0x00004000);
    }

    /** ESP-Miner with a BM1397 counts up inside the mask, which can carry out of a job bit and clear it. */
    @Test
    void espMinerDeltaFromABm1397WhoseCounterClearedAJobBitIsCreditedWithTheHeaderItHashed() {
        int job = 0x30000003;
        int rolled = 0x2000e003; // bit 28 of the job carried away by the counter
        assertCreditedAsHashed(job, rolled, rolled ^ job);
    }

    /** Bitmain's AsicBoost code in cgminer/bmminer hashes job | part and submits the part (00000000 when unrolled). */
    @Test
    void cgminerAsicBoostPartIsCreditedWithJobOrPart() {
        int job = 0x30002003;
        for (int part : new int[] {0x1fffe000, 0x1fff0000, 0x0000e000, 0}) {
            assertCreditedAsHashed(job, job | part, part);
        }
    }

    /** The BIP310 full form (the SV2 translator's reading, this project's CPU miner) may clear a job bit on purpose. */
    @Test
    void bip310FullBitsThatClearAJobBitAreStillCreditedAsBip310() {
        int job = 0x30000003;
        int rolledBits = 0x0123e000;
        assertCreditedAsHashed(job, (job & ~MASK) | rolledBits, rolledBits);
        assertCreditedAsHashed(0x20002000, 0x20000000 | 0x1fffc000, 0x1fffc000);
    }

    @Test
    void aHashThatMeetsTheTargetUnderNoReadingIsLowDifficultyJudgedByTheBip310Header() {
        int job = 0x30000003;
        int bits = 0x0a5ae000;
        List<Integer> readings = List.of(VersionBits.bip310(job, bits, MASK), job ^ bits, job | bits);
        int nonce = grind(job, n -> readings.stream().noneMatch(v -> meetsShareTarget(job, v, n)));
        ShareCheck check = check(job, bits, nonce);
        assertThat(check.rejection()).isEqualTo(Rejection.LOW_DIFFICULTY);
        assertThat(check.version()).isEqualTo(VersionBits.bip310(job, bits, MASK));
    }

    @Test
    void bitsOutsideTheMaskAreRefusedBeforeAnyReading() {
        ShareCheck check = check(0x30000003, 0x20000000, 0);
        assertThat(check.rejection()).isEqualTo(Rejection.VERSION_BITS_OUTSIDE_MASK);
        assertThat(check.reason()).contains("outside the negotiated mask");
    }

    /**
     * Grinds a nonce for the header the firmware hashed (and that the plain BIP310 reading would get wrong, when it does
     * differ), then checks the pool credits that very header and stores bits that rebuild it BIP310-style, as
     * {@code potluck verify} does (ShareWork: (job & ~mask) | (bits & mask)).
     */
    private static void assertCreditedAsHashed(int job, int hashedVersion, int submittedBits) {
        int bip310 = VersionBits.bip310(job, submittedBits, MASK);
        int nonce = grind(
                job,
                n -> meetsShareTarget(job, hashedVersion, n)
                        && (bip310 == hashedVersion || !meetsShareTarget(job, bip310, n)));
        ShareCheck check = check(job, submittedBits, nonce);
        String form = String.format("job %08x, hashed %08x, submitted %08x", job, hashedVersion, submittedBits);
        assertThat(check.valid()).as("%s: %s", form, check.reason()).isTrue();
        assertThat(check.version()).as(form).isEqualTo(hashedVersion);
        assertThat(check.header()).as(form).isEqualTo(header(job, hashedVersion, nonce));
        assertThat(check.hash()).as(form).isEqualTo(Sha256.sha256d(header(job, hashedVersion, nonce)));
        int stored = check.version() & MASK;
        assertThat(VersionBits.bip310(job, stored, MASK))
                .as("%s: stored bits rebuild the header", form)
                .isEqualTo(hashedVersion);
    }

    private static int grind(int jobVersion, IntPredicate wanted) {
        for (int nonce = 0; nonce < 50_000_000; nonce++) {
            if (wanted.test(nonce)) {
                return nonce;
            }
        }
        throw new AssertionError("no wanted nonce for job version " + Integer.toHexString(jobVersion));
    }

    private static boolean meetsShareTarget(int jobVersion, int headerVersion, int nonce) {
        return Target.meets(Sha256.sha256d(header(jobVersion, headerVersion, nonce)), SHARE_TARGET);
    }

    private static ShareCheck check(int jobVersion, int bits, int nonce) {
        var share = Submission.rolled(1, Hex.decode(EXTRANONCE2), NTIME, nonce, bits);
        return ShareValidator.check(job(jobVersion), share, EXTRANONCE1, 8, MASK, SHARE_TARGET, NTIME);
    }

    private static final CoinbaseParts COINBASE =
            new CoinbaseParts(Hex.decode("01000000010000"), Hex.decode("ffffffff00"), 12);
    private static final byte[] PREV_HASH = Sha256.sha256d("potluck version rolling".getBytes());
    private static final List<byte[]> BRANCH = List.of(Sha256.sha256d("a transaction".getBytes()));

    private static byte[] header(int jobVersion, int headerVersion, int nonce) {
        byte[] coinbase = COINBASE.assemble(EXTRANONCE1, Hex.decode(EXTRANONCE2));
        byte[] root = Merkle.rootFromBranch(Sha256.sha256d(coinbase), BRANCH);
        return BlockHeader.build(headerVersion, PREV_HASH, root, NTIME, MAINNET_DIFFICULTY_1_BITS, nonce);
    }

    private static TestJob job(int version) {
        var networkTarget = Target.fromBits(MAINNET_DIFFICULTY_1_BITS);
        var template = new WorkTemplate(
                1,
                800_000,
                BlockHeader.displayFromInternal(PREV_HASH),
                PREV_HASH,
                version,
                MAINNET_DIFFICULTY_1_BITS,
                NTIME,
                NTIME - 3600L,
                0,
                BRANCH,
                List.of(),
                null,
                networkTarget,
                Target.toLittleEndian32(networkTarget));
        return new TestJob("1", template, COINBASE);
    }
}
