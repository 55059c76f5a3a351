package org.potluck.core;

/**
 * How the sixth {@code mining.submit} param (the "version bits") is turned back into the header version the miner
 * hashed. Deployed firmware does not agree on what it sends, and the forms differ only when the job's version already
 * has bits inside the rolling mask (a template version like {@code 30000003} on bcoin regtest, or any soft-fork signal
 * in bits 13-28 on mainnet):
 * <ul>
 *   <li>BIP310 (the stratum extensions spec): the full rolled bits; the header is {@code (job & ~mask) | (bits & mask)}.
 *       The SV2 reference translation (stratum-mining/stratum, stratum-core/stratum-translation/src/sv1_to_sv2.rs)
 *       reads SV1 submits this way, and so does this project's CPU miner.</li>
 *   <li>ESP-Miner (Bitaxe, NerdAxe and forks; bitaxeorg/ESP-Miner main/tasks/asic_result_task.c) submits
 *       {@code rolled_version ^ job_version}: only the bits it changed. The header is {@code job ^ bits}.</li>
 *   <li>Bitmain's AsicBoost code in cgminer/bmminer (kanoi/cgminer util.c, get_vmask) hashes {@code job | part} for
 *       parts of the mask and submits the part (or 00000000 for the unrolled header). ckpool (stratifier.c) rebuilds
 *       every submit as {@code job | bits}; that reading is exact for this form.</li>
 * </ul>
 * The pool reads BIP310 first, and only when that header does not meet the target and the job has bits inside the mask
 * does it try the delta reading and then the OR reading, crediting the first header that meets the target.
 */
public final class VersionBits {
    private VersionBits() {}

    public static int bip310(int jobVersion, int bits, int mask) {
        return (jobVersion & ~mask) | (bits & mask);
    }

    /**
     * The delta (ESP-Miner) and OR (cgminer/bmminer AsicBoost) readings that differ from {@code first} and from each
     * other. With bits inside the mask, both leave every bit outside the mask as the job's, as BIP310 does.
     */
    public static int[] otherReadings(int jobVersion, int bits, int first) {
        int delta = jobVersion ^ bits;
        int or = jobVersion | bits;
        if (delta == first) {
            return or == first ? new int[0] : new int[] {or};
        }
        return or == first || or == delta ? new int[] {delta} : new int[] {delta, or};
    }
}
