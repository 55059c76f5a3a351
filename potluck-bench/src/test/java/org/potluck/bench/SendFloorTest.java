package org.potluck.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the send floor does, not how fast: timing belongs to {@code potluck bench --send-floor}, not to a test. */
class SendFloorTest {

    @Test
    void everySocketReceivesExactlyTheOneLine() throws Exception {
        ByteBuffer line = SendFloor.line(1100);
        byte[] expected = new byte[1100];
        line.duplicate().get(expected);
        try (SendFloor floor = SendFloor.open(60, 3)) {
            floor.sendOneLineEach(line);

            List<SocketChannel> receivers = floor.receivers();
            assertThat(receivers).hasSize(60);
            for (SocketChannel r : receivers) {
                ByteBuffer got = ByteBuffer.allocate(1101); // room for one byte too many
                while (got.position() < 1100) {
                    if (r.read(got) < 0) {
                        break;
                    }
                }
                r.configureBlocking(false);
                r.read(got);
                assertThat(got.flip().remaining()).isEqualTo(1100);
                byte[] bytes = new byte[1100];
                got.get(bytes);
                assertThat(bytes).isEqualTo(expected);
            }
        }
        assertThat(line.remaining())
                .as("the line buffer is left as it was given")
                .isEqualTo(1100);
    }

    @Test
    void receiversHeldByAChildJvmTakeAFullLineOnEverySocket() throws Exception {
        ByteBuffer line = SendFloor.line(1100);
        try (SendFloor floor = SendFloor.open(30, 2, true)) {
            assertThat(floor.receivers()).isEmpty();
            // Every write must be taken whole (it throws otherwise), twice: the child accepted and holds all 30.
            floor.sendOneLineEach(line);
            floor.sendOneLineEach(line);
        }
    }

    @Test
    void lineIsNewlineTerminatedAsciiOfTheAskedLength() {
        ByteBuffer line = SendFloor.line(1100);

        assertThat(line.isDirect()).isTrue();
        assertThat(line.remaining()).isEqualTo(1100);
        assertThat(line.get(1099)).isEqualTo((byte) '\n');
        for (int i = 0; i < 1099; i++) {
            assertThat(line.get(i)).isBetween((byte) '0', (byte) 'f');
        }
    }

    @Test
    void measureReportsOneFigurePerRound() throws Exception {
        SendFloor.Report report = SendFloor.measure(25, 1100, 3, 1);

        assertThat(report.sockets()).isEqualTo(25);
        assertThat(report.roundNanos()).hasSize(3);
        assertThat(report.minNanos()).isPositive();
    }

    @Test
    void reportTakesTheMiddleRoundAndDividesBySockets() {
        var report = new SendFloor.Report(
                15_000, 1100, new long[] {160_000_000, 150_000_000, 200_000_000, 151_000_000, 155_000_000});

        assertThat(report.medianNanos()).isEqualTo(155_000_000);
        assertThat(report.minNanos()).isEqualTo(150_000_000);
        assertThat(report.summary())
                .startsWith(
                        "send floor: 15000 sockets, 1100-byte line each: 155 ms per round (10.3 us per send), median of 5;");
    }

    @Test
    void nonsenseSizesAreRefused() {
        assertThatThrownBy(() -> SendFloor.open(0, 1)).hasMessageContaining("sockets must be at least 1");
        assertThatThrownBy(() -> SendFloor.measure(1, 1100, 0, 1)).hasMessageContaining("rounds must be at least 1");
        assertThatThrownBy(() -> SendFloor.line(1)).hasMessageContaining("at least 2 bytes");
    }
}
