package org.potluck.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** What one side of the codec writes, the other side reads back unchanged: pool to miner and miner to pool. */
class Sv1RoundTripTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PREV = "4d16b6f85af6e2198f44ae2a6de67f78487ae5611b77c6c0440b921e00000000";
    private static final String STEP = "7b8e1bd5c2d4aef5e6a54ae7b4f1b5cf0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final Notify JOB = new Notify(
            "1f",
            PREV,
            "01000000010000",
            "ffffffff0100f2052a01",
            List.of(STEP, STEP),
            "20000000",
            "1703a30c",
            "647025b5",
            true);

    // ---- pool to miner ----

    @Test
    void notifyThePoolWritesIsTheNotifyTheMinerReads() throws Exception {
        assertThat(decode(StratumMessages.notify(JOB))).isEqualTo(new PoolMessage.NewJob(NODES.nullNode(), JOB));
        Notify noBranch = new Notify("a", PREV, "", "00", List.of(), "20000000", "1703a30c", "647025b5", false);
        assertThat(decode(StratumMessages.notify(noBranch)))
                .isEqualTo(new PoolMessage.NewJob(NODES.nullNode(), noBranch));
    }

    @Test
    void splicedNotifyLineIsReadWithItsSessionJobIdAndCleanFlag() throws Exception {
        var line = StratumMessages.notifyLine(JOB);
        Notify expected = new Notify(
                "a07c",
                JOB.prevHash(),
                JOB.coinb1(),
                JOB.coinb2(),
                JOB.merkleBranch(),
                JOB.version(),
                JOB.nbits(),
                JOB.ntime(),
                false);

        assertThat(decode(line.line("a07c", false))).isEqualTo(new PoolMessage.NewJob(NODES.nullNode(), expected));
    }

    @Test
    void setDifficultyThePoolWritesIsTheDifficultyTheMinerReads() throws Exception {
        for (double d : new double[] {1, 512, 0.0001, 1e-10, 65536.5, 1e20}) {
            assertThat(decode(StratumMessages.setDifficulty(d)))
                    .as("difficulty %s", d)
                    .isEqualTo(new PoolMessage.SetDifficulty(NODES.nullNode(), d));
        }
    }

    @Test
    void resultsThePoolWritesAreReadAsRepliesToTheirIds() throws Exception {
        PoolMessage.Reply ok = (PoolMessage.Reply) decode(StratumMessages.result(NODES.numberNode(4), true));
        assertThat(ok.id().longValue()).isEqualTo(4);
        assertThat(ok.isTrue()).isTrue();
        assertThat(ok.wantsReply()).isFalse();

        PoolMessage.Reply fast = (PoolMessage.Reply)
                decode(new String(StratumMessages.trueResult(NODES.stringNode("s-9")), StandardCharsets.US_ASCII));
        assertThat(fast.id().stringValue()).isEqualTo("s-9");
        assertThat(fast.isTrue()).isTrue();

        PoolMessage.Reply pong =
                (PoolMessage.Reply) decode(StratumMessages.result(NODES.numberNode(5), NODES.stringNode("pong")));
        assertThat(pong.isTrue()).isFalse();
        assertThat(pong.failed()).isFalse();
        assertThat(pong.result().stringValue()).isEqualTo("pong");
    }

    @Test
    void subscribeResultThePoolWritesGivesTheMinerItsExtranonce() throws Exception {
        Extranonce extranonce = new Extranonce("08000002", 4);
        PoolMessage.Reply reply = (PoolMessage.Reply)
                decode(StratumMessages.result(NODES.numberNode(1), StratumMessages.subscribeResult(extranonce)));

        assertThat(StratumMessages.subscriptionOf(reply.result())).isEqualTo(extranonce);
        assertThatThrownBy(() -> StratumMessages.subscriptionOf(StratumJson.MAPPER.readTree("[[], \"zz\", 4]")))
                .isInstanceOf(StratumFormatException.class)
                .hasMessageContaining("extranonce1 must be hex");
        assertThatThrownBy(() -> StratumMessages.subscriptionOf(StratumJson.MAPPER.readTree("[[], \"08000002\", -1]")))
                .isInstanceOf(StratumFormatException.class)
                .hasMessageContaining("extranonce2_size");
    }

    @Test
    void errorsThePoolWritesAreReadWithTheirStratumError() throws Exception {
        for (StratumError error : StratumError.values()) {
            PoolMessage.Reply reply =
                    (PoolMessage.Reply) decode(StratumMessages.error(NODES.numberNode(9), error, "because " + error));
            assertThat(reply.failed()).isTrue();
            assertThat(reply.isTrue()).isFalse();
            assertThat(reply.error().known()).isEqualTo(error);
            assertThat(reply.error().message()).isEqualTo("because " + error);
        }
        PoolMessage.Reply refused = (PoolMessage.Reply) decode(
                StratumMessages.resultWithError(NODES.numberNode(2), false, StratumError.UNAUTHORIZED, "bad address"));
        assertThat(refused.result().asBoolean(true)).isFalse();
        assertThat(refused.error()).isEqualTo(new PoolMessage.ErrorReply(24, "bad address"));
    }

    @Test
    void errorsInOtherPoolsFormsAreReadWithoutAKnownCode() throws Exception {
        PoolMessage.Reply object = (PoolMessage.Reply)
                decode("{\"id\":3,\"result\":null,\"error\":{\"code\":-32601,\"message\":\"no such method\"}}");
        assertThat(object.error()).isEqualTo(new PoolMessage.ErrorReply(-32601, "no such method"));
        assertThat(object.error().known()).isNull();
        PoolMessage.Reply text = (PoolMessage.Reply) decode("{\"id\":3,\"result\":false,\"error\":\"stale\"}");
        assertThat(text.error()).isEqualTo(new PoolMessage.ErrorReply(0, "stale"));
    }

    @Test
    void otherNotificationsThePoolWritesAreReadBack() throws Exception {
        assertThat(decode(StratumMessages.setExtranonce("a0b1c2d3", 8)))
                .isEqualTo(new PoolMessage.SetExtranonce(NODES.nullNode(), new Extranonce("a0b1c2d3", 8)));
        assertThat(decode(StratumMessages.setVersionMask(0x1fffe000)))
                .isEqualTo(new PoolMessage.SetVersionMask(NODES.nullNode(), 0x1fffe000));
        assertThat(decode(StratumMessages.reconnect("pool.example", 3334, 5)))
                .isEqualTo(new PoolMessage.Reconnect(NODES.nullNode(), "pool.example", 3334, 5));
        assertThat(decode(StratumMessages.showMessage("maintenance at \"noon\"")))
                .isEqualTo(new PoolMessage.ShowMessage(NODES.nullNode(), "maintenance at \"noon\""));
    }

    @Test
    void poolRequestWithAnIdWantsAReplyAndANotificationDoesNot() throws Exception {
        PoolMessage ping = decode("{\"id\":\"p1\",\"method\":\"mining.ping\",\"params\":[]}");
        assertThat(ping).isInstanceOf(PoolMessage.OtherRequest.class);
        assertThat(ping.wantsReply()).isTrue();
        assertThat(((PoolMessage.OtherRequest) ping).method()).isEqualTo("mining.ping");
        assertThat(decode(StratumMessages.showMessage("hi")).wantsReply()).isFalse();
    }

    @Test
    void knownMethodWithParamsOfTheWrongFormIsMalformedAndKeepsItsId() throws Exception {
        PoolMessage bad = decode("{\"id\":7,\"method\":\"mining.notify\",\"params\":[\"1\",\"short\"]}");
        assertThat(bad).isInstanceOf(PoolMessage.Malformed.class);
        assertThat(bad.id().intValue()).isEqualTo(7);
        assertThat(((PoolMessage.Malformed) bad).problem()).contains("mining.notify params must be");

        String notHex = StratumMessages.notify(
                new Notify("1", PREV.replace('4', 'g'), "", "", List.of(), "20000000", "1703a30c", "647025b5", true));
        assertThat(((PoolMessage.Malformed) decode(notHex)).problem()).contains("prevhash must be 64 hex digits");
        assertThat(((PoolMessage.Malformed) decode(StratumMessages.notification(
                                StratumMessages.SET_DIFFICULTY,
                                NODES.arrayNode().add(0))))
                        .problem())
                .contains("positive");
        assertThat(((PoolMessage.Malformed) decode(StratumMessages.reconnect("h", 70000, 0))).problem())
                .contains("outside 1..65535");
    }

    @Test
    void lineThatIsNotAMessageIsRefusedWithTheReason() {
        assertThatThrownBy(() -> decode("HTTP/1.1 400 Bad Request"))
                .isInstanceOf(StratumFormatException.class)
                .hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> decode("[1,2]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> decode("{\"id\":1}")).hasMessageContaining("neither a request");
        assertThatThrownBy(() -> decode("{\"id\":1,\"method\":5}")).hasMessageContaining("\"method\" must be a string");
    }

    // ---- miner to pool ----

    @Test
    void submitTheMinerWritesIsTheSubmitThePoolReads() throws Exception {
        Submit rolled = Submit.ofValues(
                "bc1qexample.rig1",
                "1f",
                new byte[] {0, 1, (byte) 0xab, (byte) 0xff},
                0x647025b5,
                0x9e3779b9,
                0x1fffe000);
        Submit plain = Submit.ofValues("bc1qexample.rig1", "1f", new byte[] {0, 0, 0, 7}, 0x647025b5, 0, null);
        for (Submit submit : List.of(rolled, plain)) {
            String line = MinerMessages.submit(42, submit);
            StratumRequest request = StratumRequest.parse(line.strip());
            assertThat(request.method()).isEqualTo(MinerMessages.SUBMIT);
            assertThat(request.id().longValue()).isEqualTo(42);
            assertThat(Submit.parse(request.params())).isEqualTo(submit);
            byte[] bytes = line.strip().getBytes(StandardCharsets.US_ASCII);
            assertThat(SubmitScanner.scan(bytes, 0, bytes.length))
                    .isEqualTo(new SubmitScanner.Scanned(NODES.numberNode(42), submit));
        }
        assertThat(rolled.extranonce2()).isEqualTo("0001abff");
        assertThat(rolled.nonceHex()).isEqualTo("9e3779b9");
    }

    @Test
    void submitTemplateWritesByteForByteTheGeneralSubmit() throws Exception {
        var template = MinerMessages.submitTemplate("bc1qexample.rig1", "a07c", "00000000", "647025b5");
        byte[] out = new byte[template.maxLength() + 3];
        for (long id : new long[] {0, 9, 10, 4711, Long.MAX_VALUE}) {
            for (int nonce : new int[] {0, 1, 0x7fffffff, 0x80000000, -1}) {
                int length = template.encode(id, nonce, out, 3);
                Submit expected = Submit.ofValues("bc1qexample.rig1", "a07c", new byte[4], 0x647025b5, nonce, null);
                assertThat(new String(out, 3, length, StandardCharsets.US_ASCII))
                        .as("id %s nonce %s", id, nonce)
                        .isEqualTo(MinerMessages.submit(id, expected));
            }
        }
        assertThatThrownBy(() -> MinerMessages.submitTemplate("say \"hi\"", "1", "00", "647025b5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without quotes");
    }

    @Test
    void handshakeRequestsTheMinerWritesAreReadByThePool() throws Exception {
        StratumRequest subscribe = StratumRequest.parse(
                MinerMessages.subscribe(1, "potluck-miner/1.0").strip());
        assertThat(subscribe.method()).isEqualTo("mining.subscribe");
        assertThat(subscribe.params().get(0).stringValue()).isEqualTo("potluck-miner/1.0");

        StratumRequest authorize = StratumRequest.parse(
                MinerMessages.authorize(2, "bc1qexample.rig1", "x").strip());
        assertThat(authorize.method()).isEqualTo("mining.authorize");
        assertThat(authorize.params().get(0).stringValue()).isEqualTo("bc1qexample.rig1");
        assertThat(authorize.params().get(1).stringValue()).isEqualTo("x");

        StratumRequest configure = StratumRequest.parse(
                MinerMessages.configureVersionRolling(3, 0xffffffff, 2).strip());
        assertThat(configure.params().get(0).get(0).stringValue()).isEqualTo("version-rolling");
        assertThat(StratumMessages.maskOf(configure.params().get(1).get("version-rolling.mask"), "mask"))
                .isEqualTo(0xffffffff);
        assertThat(configure
                        .params()
                        .get(1)
                        .get("version-rolling.min-bit-count")
                        .intValue())
                .isEqualTo(2);

        String suggestLine = MinerMessages.suggestDifficulty(4, 0.0001);
        StratumRequest suggest = StratumRequest.parse(suggestLine.strip());
        assertThat(suggest.method()).isEqualTo("mining.suggest_difficulty");
        assertThat(suggest.params().get(0).doubleValue()).isEqualTo(0.0001);
        assertThat(suggestLine).as("plain decimal, as firmware parses it").contains("[0.0001]");
    }

    @Test
    void minerAnswersToPoolRequestsAreReadAsReplies() throws Exception {
        PoolMessage.Reply pong =
                (PoolMessage.Reply) decode(MinerMessages.result(NODES.stringNode("p1"), NODES.stringNode("pong")));
        assertThat(pong.result().stringValue()).isEqualTo("pong");
        PoolMessage.Reply refused = (PoolMessage.Reply) decode(
                MinerMessages.error(NODES.numberNode(12), StratumError.OTHER, "unsupported method: mining.frobnicate"));
        assertThat(refused.error()).isEqualTo(new PoolMessage.ErrorReply(20, "unsupported method: mining.frobnicate"));
    }

    // ---- the fast reader agrees with the general one ----

    @Test
    void notifyScannerReadsWhatTheGeneralReaderReads() throws Exception {
        Random random = new Random(13);
        for (int i = 0; i < 500; i++) {
            String line = randomPoolLine(random);
            byte[] bytes = line.strip().getBytes(StandardCharsets.UTF_8);
            NotifyScanner.Scanned fast = NotifyScanner.scan(bytes, 0, bytes.length);
            PoolMessage general = decode(line);
            switch (fast) {
                case NotifyScanner.JobHead head -> {
                    Notify job = ((PoolMessage.NewJob) general).job();
                    assertThat(head)
                            .as(line)
                            .isEqualTo(new NotifyScanner.JobHead(job.jobId(), job.prevHash(), job.ntime()));
                }
                case NotifyScanner.SetDifficulty d ->
                    assertThat(((PoolMessage.SetDifficulty) general).difficulty())
                            .as(line)
                            .isEqualTo(d.difficulty());
                case NotifyScanner.Reply r -> {
                    PoolMessage.Reply reply = (PoolMessage.Reply) general;
                    assertThat(r.id()).as(line).isEqualTo(reply.id().longValue());
                    assertThat(r.resultTrue())
                            .as(line)
                            .isEqualTo(
                                    reply.result().isBoolean() && reply.result().booleanValue());
                }
                case NotifyScanner.OtherMethod m ->
                    assertThat(general)
                            .as(line)
                            .isNotInstanceOfAny(
                                    PoolMessage.NewJob.class, PoolMessage.SetDifficulty.class, PoolMessage.Reply.class);
            }
        }
    }

    private static String randomPoolLine(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> {
                List<String> branch = new ArrayList<>();
                for (int s = random.nextInt(4); s > 0; s--) {
                    branch.add(STEP);
                }
                yield StratumMessages.notify(new Notify(
                        Integer.toHexString(random.nextInt(1 << 20)),
                        PREV,
                        "0100",
                        "ff00",
                        branch,
                        "20000000",
                        "1703a30c",
                        String.format("%08x", random.nextInt()),
                        random.nextBoolean()));
            }
            case 1 ->
                StratumMessages.notifyLine(JOB)
                        .line(Long.toString(random.nextLong(1, 1L << 40), 36), random.nextBoolean());
            case 2 ->
                StratumMessages.setDifficulty(
                        random.nextBoolean() ? random.nextInt(1, 1 << 20) : random.nextDouble() + 1e-12);
            case 3 ->
                new String(
                        StratumMessages.trueResult(NODES.numberNode(random.nextLong(1L << 50))),
                        StandardCharsets.US_ASCII);
            case 4 ->
                StratumMessages.error(
                        NODES.numberNode(random.nextInt(1 << 30)),
                        StratumError.values()[random.nextInt(StratumError.values().length)],
                        "no \"luck\" " + random.nextInt());
            default -> StratumMessages.showMessage("hello " + random.nextInt());
        };
    }

    private static PoolMessage decode(String line) throws StratumFormatException {
        return PoolMessage.decode(line.strip());
    }
}
