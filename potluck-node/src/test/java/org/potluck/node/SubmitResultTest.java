package org.potluck.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.potluck.node.SubmitResult.Outcome;

class SubmitResultTest {

    @Test
    void nullMeansAcceptedWithNoReason() {
        SubmitResult r = SubmitResult.interpret(null);
        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.reason()).isNull();
        assertThat(r.accepted()).isTrue();
    }

    // Strings from Bitcoin Core's BIP22ValidationResult and submitblock_StateCatcher (src/rpc/mining.cpp), and
    // reject reasons from validation.cpp.
    @ParameterizedTest
    @CsvSource({
        "duplicate,              DUPLICATE,    true",
        "duplicate-invalid,      REJECTED,     false",
        "duplicate-inconclusive, INCONCLUSIVE, false",
        "inconclusive,           INCONCLUSIVE, false",
        "rejected,               REJECTED,     false",
        "high-hash,              REJECTED,     false",
        "bad-txnmrklroot,        REJECTED,     false",
        "bad-cb-amount,          REJECTED,     false",
        "bad-witness-merkle-match, REJECTED,   false",
        "bad-diffbits,           REJECTED,     false",
        "time-too-new,           REJECTED,     false",
        "prev-blk-not-found,     REJECTED,     false",
        "something-new-in-2030,  REJECTED,     false"
    })
    void everySubmitblockStringMapsToAnOutcomeAndKeepsTheString(String answer, Outcome expected, boolean accepted) {
        SubmitResult r = SubmitResult.interpret(answer);
        assertThat(r.outcome()).isEqualTo(expected);
        assertThat(r.accepted()).isEqualTo(accepted);
        assertThat(r.reason()).isEqualTo(answer);
    }

    // bcoin 1.0.2 lib/node/rpc.js answers `rejected: ${reason}` for every verify error, duplicates included.
    @ParameterizedTest
    @CsvSource({
        "rejected: duplicate,       DUPLICATE, duplicate",
        "rejected: bad-txnmrklroot, REJECTED,  bad-txnmrklroot",
        "rejected: bad-prevblk,     REJECTED,  bad-prevblk"
    })
    void bcoinRejectedPrefixIsReadAsTheReasonItWraps(String answer, Outcome expected, String reason) {
        SubmitResult r = SubmitResult.interpret(answer);
        assertThat(r.outcome()).isEqualTo(expected);
        assertThat(r.reason()).isEqualTo(reason);
    }

    @Test
    void emptyStringIsARejectionNotASuccess() {
        SubmitResult r = SubmitResult.interpret("");
        assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.reason()).isNotBlank();
    }
}
