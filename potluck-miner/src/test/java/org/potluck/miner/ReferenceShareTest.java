package org.potluck.miner;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The scripted pool's checker is only worth trusting if it reproduces a real share byte for byte. */
class ReferenceShareTest {

    @Test
    void checkerRebuildsTheMainnetShareOfBlock791433() {
        // Vector: /work/shared/vectors/sv1-share-height-791433.json (a real difficulty-683 mainnet share).
        JsonNode expect = ReferenceShare.vector().get("expect");
        String coinbase = ReferenceShare.vector().get("coinbase_tx").stringValue();
        ReferenceShare.Template t = ReferenceShare.vectorTemplate("j");
        String extranonce2 = coinbase.substring(128, 144); // the real coinbase's bytes in the miner's slot

        byte[] header = ReferenceShare.header(t, extranonce2, t.ntime(), "0a029ed1", ReferenceShare.u32(t.version()));
        BigInteger hash = ReferenceShare.hashValue(header);

        assertThat(ReferenceShare.hex(header)).isEqualTo(expect.get("header").stringValue());
        assertThat(String.format("%064x", hash))
                .isEqualTo(expect.get("hash_display").stringValue());
        assertThat(hash)
                .isLessThanOrEqualTo(ReferenceShare.target(
                        expect.get("share_difficulty_floor").asDouble()));
        assertThat(hash)
                .isGreaterThan(ReferenceShare.target(
                        expect.get("share_difficulty_floor").asDouble() + 1));
    }

    @Test
    void extranonceSlotLiesInsideTheCoinbaseScriptSig() {
        ReferenceShare.Template t = ReferenceShare.vectorTemplate("j");
        int scriptSigStart = 42;
        int scriptSigLength = Integer.parseInt(t.coinb1().substring(82, 84), 16);
        int slotStart = t.coinb1().length() / 2;
        int slotEnd = slotStart + t.extranonce1().length() / 2 + t.extranonce2Size();
        assertThat(slotStart).isGreaterThan(scriptSigStart);
        assertThat(slotEnd).isLessThanOrEqualTo(scriptSigStart + scriptSigLength);
    }
}
