package org.potluck.stratum.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.potluck.stratum.NotifyScanner;
import org.potluck.stratum.PoolMessage;
import org.potluck.stratum.StratumFormatException;

/**
 * The miner side faces whatever a pool sends (the CPU miner pointed at a stranger's pool, the bench at another pool).
 * Whatever the bytes, the general reader answers a message or a {@link StratumFormatException}, and the fast scanner a
 * result or an {@link IllegalArgumentException}, each with a message: any other exception would end the miner's
 * connection (or the bench's event loop) for a reason nobody can read. Runs like {@link StratumLineFuzzTest}, in a
 * JVM of its own (see the pom).
 */
class PoolLineFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyBytesFromAPoolReadToAMessageOrAFormatError(byte[] line) {
        PoolMessage message = null;
        try {
            message = PoolMessage.decode(line, 0, line.length);
            assertThat(message.id()).isNotNull();
        } catch (StratumFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        NotifyScanner.Scanned fast;
        try {
            fast = NotifyScanner.scan(line, 0, line.length);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        // The scanner may read more leniently than the general reader, never the other way round for its job fields.
        if (fast instanceof NotifyScanner.JobHead head && message instanceof PoolMessage.NewJob job) {
            assertThat(head)
                    .isEqualTo(new NotifyScanner.JobHead(
                            job.job().jobId(), job.job().prevHash(), job.job().ntime()));
        }
    }

    /** Hand-written lines run even when nothing else does, so this class can never pass vacuously. */
    @Test
    void garbageFromAPoolIsAFormatErrorForBothReaders() {
        for (String garbage :
                new String[] {"", "[]", "{", "\u0000", "{\"id\":1}", "{\"method\":7}", "HTTP/1.1 200 OK"}) {
            byte[] bytes = garbage.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> PoolMessage.decode(bytes, 0, bytes.length))
                    .isInstanceOf(StratumFormatException.class);
        }
        byte[] notObject = "HTTP/1.1 200 OK".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> NotifyScanner.scan(notObject, 0, notObject.length))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
