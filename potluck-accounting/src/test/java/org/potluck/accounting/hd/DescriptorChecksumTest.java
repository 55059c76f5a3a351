package org.potluck.accounting.hd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Vectors from BIP380 "Test Vectors" (checksum and character set) and Bitcoin Core's wallet tests. */
class DescriptorChecksumTest {
    @Test
    void bip380ValidChecksum() {
        assertThat(DescriptorChecksum.compute("raw(deadbeef)")).isEqualTo("89f8spxm");
        assertThat(DescriptorChecksum.stripVerified("raw(deadbeef)#89f8spxm")).isEqualTo("raw(deadbeef)");
    }

    @Test
    void bitcoinCoreWpkhDescriptorChecksum() {
        // Bitcoin Core, src/wallet/test/walletload_tests.cpp.
        assertThat(DescriptorChecksum.compute("wpkh([d34db33f/84h/0h/0h]xpub6DJ2dNUysrn5Vt36jH2KLBT2i1auw1tTSSomg8PhqNi"
                        + "Utx8QX2SvC9nrHu81fT41fvDUnhMjEzQgXnQjKEu3oaqMSzhSrHMxyyoEAmUHQbY/0/*)"))
                .isEqualTo("cjjspncu");
    }

    @Test
    void bip380NoChecksumIsAccepted() {
        assertThat(DescriptorChecksum.stripVerified("raw(deadbeef)")).isEqualTo("raw(deadbeef)");
    }

    @Test
    void bip380MissingTooLongAndTooShortChecksumsAreRefused() {
        assertThatThrownBy(() -> DescriptorChecksum.stripVerified("raw(deadbeef)#"))
                .hasMessageContaining("8 characters");
        assertThatThrownBy(() -> DescriptorChecksum.stripVerified("raw(deadbeef)#89f8spxmx"))
                .hasMessageContaining("8 characters");
        assertThatThrownBy(() -> DescriptorChecksum.stripVerified("raw(deadbeef)#89f8spx"))
                .hasMessageContaining("8 characters");
    }

    @Test
    void bip380ErrorsInPayloadOrChecksumAreDetected() {
        assertThatThrownBy(() -> DescriptorChecksum.stripVerified("raw(deedbeef)#89f8spxm"))
                .hasMessageContaining("mismatch");
        assertThatThrownBy(() -> DescriptorChecksum.stripVerified("raw(deedbeef)##9f8spxm"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bip380InvalidCharacterInPayloadIsRefused() {
        assertThatThrownBy(() -> DescriptorChecksum.stripVerified("raw(Ü)#00000000"))
                .hasMessageContaining("character");
    }
}
