package org.potluck.miner;

/**
 * What the miner puts in the sixth {@code mining.submit} param when it rolls the version. Firmware differs here, so the
 * CPU miner can play either side to test a pool against both (docs/stratum-rules.md).
 */
public enum VersionBitsForm {
    /** BIP310's form: the header version's bits inside the mask. */
    BIP310,
    /** ESP-Miner's form (Bitaxe, NerdAxe): the header version XOR the job's version, only the bits it changed. */
    ESP_MINER;

    int submitted(int headerVersion, int jobVersion, int mask) {
        return this == ESP_MINER ? headerVersion ^ jobVersion : headerVersion & mask;
    }
}
