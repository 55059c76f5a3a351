package org.potluck.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CoinbaseSizeClassTest {
    @Test
    void espMinerFamilyIsRecognisedByUserAgentIgnoringCase() {
        assertThat(CoinbaseSizeClass.forUserAgent("bitaxe/BM1370/v2.4.2")).isEqualTo(CoinbaseSizeClass.ESP_MINER);
        assertThat(CoinbaseSizeClass.forUserAgent("ESP-Miner/2.1")).isEqualTo(CoinbaseSizeClass.ESP_MINER);
        assertThat(CoinbaseSizeClass.forUserAgent("NerdQAxe++")).isEqualTo(CoinbaseSizeClass.ESP_MINER);
        assertThat(CoinbaseSizeClass.forUserAgent("nerdaxe")).isEqualTo(CoinbaseSizeClass.ESP_MINER);
        assertThat(CoinbaseSizeClass.forUserAgent("NMAxe")).isEqualTo(CoinbaseSizeClass.ESP_MINER);
        assertThat(CoinbaseSizeClass.ESP_MINER.limitBytes()).isEqualTo(384);
    }

    @Test
    void antminerAndWhatsminerClasses() {
        assertThat(CoinbaseSizeClass.forUserAgent("Antminer S9")).isEqualTo(CoinbaseSizeClass.ANTMINER);
        assertThat(CoinbaseSizeClass.forUserAgent("bmminer/2.0.0")).isEqualTo(CoinbaseSizeClass.ANTMINER);
        assertThat(CoinbaseSizeClass.forUserAgent("cgminer/4.9.2")).isEqualTo(CoinbaseSizeClass.ANTMINER);
        assertThat(CoinbaseSizeClass.ANTMINER.limitBytes()).isEqualTo(750);
        assertThat(CoinbaseSizeClass.forUserAgent("WhatsMiner M30")).isEqualTo(CoinbaseSizeClass.WHATSMINER);
        assertThat(CoinbaseSizeClass.forUserAgent("btminer/3")).isEqualTo(CoinbaseSizeClass.WHATSMINER);
        assertThat(CoinbaseSizeClass.WHATSMINER.limitBytes()).isEqualTo(6500);
    }

    @Test
    void unknownOrMissingUserAgentIsUnlimited() {
        assertThat(CoinbaseSizeClass.forUserAgent("cpuminer/2.5.1")).isEqualTo(CoinbaseSizeClass.UNLIMITED);
        assertThat(CoinbaseSizeClass.forUserAgent(null)).isEqualTo(CoinbaseSizeClass.UNLIMITED);
        assertThat(CoinbaseSizeClass.UNLIMITED.maxOutputs(200)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void mostRestrictiveClassWinsWhenAUserAgentNamesTwo() {
        assertThat(CoinbaseSizeClass.forUserAgent("cgminer-compatible bitaxe")).isEqualTo(CoinbaseSizeClass.ESP_MINER);
    }

    @Test
    void maxOutputsIsTheRoomLeftDividedByFortyThreeBytesAtLeastOne() {
        assertThat(CoinbaseSizeClass.maxOutputsFor(384, 150)).isEqualTo(5); // 234 / 43 = 5.4
        assertThat(CoinbaseSizeClass.ESP_MINER.maxOutputs(150)).isEqualTo(5);
        assertThat(CoinbaseSizeClass.maxOutputsFor(750, 150)).isEqualTo(13); // 600 / 43 = 13.9
        assertThat(CoinbaseSizeClass.maxOutputsFor(384, 380)).isEqualTo(1);
        assertThat(CoinbaseSizeClass.maxOutputsFor(384, 500)).isEqualTo(1);
        assertThatThrownBy(() -> CoinbaseSizeClass.maxOutputsFor(384, -1)).hasMessageContaining("negative");
    }
}
