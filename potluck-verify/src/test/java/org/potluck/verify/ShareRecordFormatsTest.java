package org.potluck.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.accounting.published.PublishedShare;

/** The verifier reads share records of both formats, from a pool and from its own database of an older run. */
class ShareRecordFormatsTest {
    /** A share as a pool from before format 2 serves it: no format field, the Stratum v1 strings. */
    static final String FORMAT_ONE_JSON = "{\"sequence\":7,\"time\":\"2025-06-01T12:00:07Z\",\"address\":\"bcrt1qold\","
            + "\"worker\":\"rig\",\"jobId\":\"j1\",\"extranonce1\":\"00000004\",\"extranonce2\":\"0000000000000007\","
            + "\"ntime\":\"68400000\",\"nonce\":\"0000002a\",\"versionBits\":null,\"difficulty\":5.9604644775390625E-8,"
            + "\"block\":false,\"blockHash\":null}";

    @TempDir
    Path dir;

    @Test
    void aShareWithoutAFormatFieldIsReadAsFormatOne() {
        PublishedShare share = TolerantJson.MAPPER.readValue(FORMAT_ONE_JSON, PublishedShare.class);

        assertThat(share.format()).isEqualTo(PublishedShare.FORMAT_1);
        assertThat(share.extranonce2()).isEqualTo("0000000000000007");
        assertThat(share.connection()).isEqualTo("00000004");
    }

    @Test
    void sharesStoredByAVerifierFromBeforeFormatTwoAreReadBackAsFormatOne() throws Exception {
        Path file = dir.resolve("verify.sqlite");
        try (VerifierDb db = new VerifierDb(file, "http://pool")) {
            db.lastShareSequence(); // the tables exist
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO shares (sequence, json) VALUES (7, '" + FORMAT_ONE_JSON + "')");
        }
        try (VerifierDb db = new VerifierDb(file, "http://pool")) {
            assertThat(db.sharesAfter(0, 10)).singleElement().satisfies(share -> {
                assertThat(share.format()).isEqualTo(PublishedShare.FORMAT_1);
                assertThat(share.nonce()).isEqualTo("0000002a");
            });
            // The pool serving that share again (now with its format) is not a change of the record.
            PublishedShare again = TolerantJson.MAPPER.readValue(FORMAT_ONE_JSON, PublishedShare.class);
            assertThat(db.insertShares(java.util.List.of(again))).isEmpty();
        }
    }
}
