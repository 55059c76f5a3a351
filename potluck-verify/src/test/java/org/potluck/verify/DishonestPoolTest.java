package org.potluck.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.potluck.accounting.Payout;
import org.potluck.accounting.PayoutTable;
import org.potluck.accounting.published.PublishedOutput;
import org.potluck.accounting.published.PublishedShare;
import org.potluck.accounting.published.U32Hex;
import org.potluck.bitcoin.TxOut;
import org.potluck.web.LiveStreams;
import org.potluck.web.WebServer;
import org.potluck.web.api.PublicApiRoutes;
import tools.jackson.databind.JsonNode;

/**
 * A pool serving the real public API over a history made by the real payout rule, honest or with one lie, and the
 * verifier run against it as a miner would.
 */
class DishonestPoolTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    private URI serve(PoolHistory history) {
        return serve(new ServedHistory(history));
    }

    private URI serve(ServedHistory records) {
        LiveStreams streams = LiveStreams.withDefaults();
        WebServer server = new WebServer(List.of(new PublicApiRoutes(records, streams))).start("127.0.0.1", 0);
        servers.add(server);
        servers.add(streams); // after the server that uses it
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /**
     * A miner's node that answers getblock (verbosity 2) with each block's coinbase as it is on chain, and getblockcount
     * with a height above every block.
     */
    private URI node(Map<String, List<PublishedOutput>> chain) {
        Javalin node = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.routes.post("/", ctx -> {
                        if (!"Basic dXNlcjpwYXNz".equals(ctx.header("Authorization"))) { // user:pass
                            ctx.status(401);
                            return;
                        }
                        JsonNode request = TolerantJson.MAPPER.readTree(ctx.body());
                        if (request.path("method").asString().equals("getblockcount")) {
                            ctx.contentType("application/json").result("{\"result\":1000,\"error\":null,\"id\":\"v\"}");
                            return;
                        }
                        List<PublishedOutput> outputs =
                                chain.get(request.path("params").path(0).asString());
                        String result;
                        if (outputs == null) {
                            result = "\"result\":null,\"error\":{\"code\":-5,\"message\":\"Block not found\"}";
                        } else {
                            StringBuilder vout = new StringBuilder();
                            for (int i = 0; i < outputs.size(); i++) {
                                vout.append(i == 0 ? "" : ",")
                                        .append("{\"value\":")
                                        .append(BigDecimal.valueOf(
                                                        outputs.get(i).sats(), 8)
                                                .toPlainString())
                                        .append(",\"n\":")
                                        .append(i)
                                        .append(",\"scriptPubKey\":{\"hex\":\"")
                                        .append(outputs.get(i).scriptPubKey())
                                        .append("\"}}");
                            }
                            result = "\"result\":{\"tx\":[{\"vout\":[" + vout + "]}]},\"error\":null";
                        }
                        ctx.contentType("application/json").result("{" + result + ",\"id\":\"potluck-verify\"}");
                    });
                })
                .start("127.0.0.1", 0);
        servers.add(node::stop);
        return URI.create("http://user:pass@127.0.0.1:" + node.port() + "/");
    }

    private Verdict verify(URI pool, URI node) {
        VerifyOptions options = VerifyOptions.once(pool, dir.resolve("verify.sqlite"));
        if (node != null) {
            options = options.withNode(node, null);
        }
        return new Verifier(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
    }

    private static List<Problem> problemsOf(Verdict verdict, Problem.Kind kind) {
        return verdict.problems().stream().filter(p -> p.kind() == kind).toList();
    }

    @Test
    void honestPoolPassesEveryCheckWithExitCodeZero() {
        PoolHistory history = PoolHistory.honest();

        Verdict verdict = verify(serve(history), node(history.chain));

        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.exitCode()).isZero();
        assertThat(verdict.sharesChecked()).isEqualTo(70);
        assertThat(verdict.jobsChecked()).isEqualTo(4);
        assertThat(verdict.blocksChecked()).isEqualTo(2);
        assertThat(verdict.notes()).isEmpty();
        assertThat(verdict.report()).contains("VERDICT: OK");
        // The history exercises the limits: block 101's coinbase left C out, and job j2 pays C's credit first.
        assertThat(history.honestTables.get("j1").excluded())
                .extracting(c -> c.address())
                .contains(PoolHistory.C);
        assertThat(history.job("j2").offeredCredits())
                .extracting(c -> c.address())
                .contains(PoolHistory.C);
    }

    @Test
    void honestPoolThatWroteFormatOneThenFormatTwoPasses() {
        // An upgraded pool: shares up to 35 recorded by the code before format 2, the rest in format 2.
        PoolHistory history = PoolHistory.of(new PoolHistory.Lies() {}, sequence -> sequence <= 35 ? 1 : 2);
        assertThat(history.shares)
                .extracting(PublishedShare::format)
                .containsOnly(1, 2)
                .contains(1, 2);

        Verdict verdict = verify(serve(history), node(history.chain));

        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.sharesChecked()).isEqualTo(70);
        assertThat(verdict.jobsChecked()).isEqualTo(4);
        assertThat(verdict.blocksChecked()).isEqualTo(2);
    }

    @Test
    void honestPoolOfFormatOneOnlyPasses() {
        PoolHistory history = PoolHistory.of(new PoolHistory.Lies() {}, sequence -> 1);

        Verdict verdict = verify(serve(history), node(history.chain));

        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.sharesChecked()).isEqualTo(70);
    }

    @ParameterizedTest(name = "record format {0}")
    @ValueSource(ints = {1, 2})
    void inflatedShareDifficultyIsCaughtAsThatShare(int format) {
        long inflated = 27;
        PoolHistory history = PoolHistory.of(
                new PoolHistory.Lies() {
                    @Override
                    public double difficulty(long sequence, String address, double earned) {
                        return sequence == inflated ? 0.5 : earned;
                    }
                },
                sequence -> format);
        assertThat(history.shares.get((int) inflated - 1).address()).isEqualTo(PoolHistory.B);
        assertThat(history.shares.get((int) inflated - 1).format()).isEqualTo(format);

        Verdict verdict = verify(serve(history), null);

        // The pool credited the inflated weight consistently, so only the proof of work (and the connection's
        // assigned difficulty) give it away.
        assertThat(verdict.problems())
                .allSatisfy(p -> {
                    assertThat(p.kind()).isEqualTo(Problem.Kind.SHARE);
                    assertThat(p.subject()).isEqualTo("27");
                })
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains(PoolHistory.B).contains("below the credited difficulty 0.5"));
        assertThat(verdict.exitCode()).isEqualTo(Verdict.EXIT_MISMATCH);
    }

    @Test
    void formatTwoShareWhoseVersionDiffersFromItsJobOutsideTheMaskIsCaught() {
        long forged = 13; // A share of A that rolled no bits: version 20000000
        PoolHistory history = PoolHistory.of(new PoolHistory.Lies() {
            @Override
            public PublishedShare published(PublishedShare record) {
                // Bit 0 is outside the pool's mask: no miner could have hashed this version for the job.
                return record.sequence() != forged
                        ? record
                        : withVersion(record, U32Hex.format(U32Hex.parse(record.version(), "version") | 1));
            }
        });

        Verdict verdict = verify(serve(history), null);

        assertThat(verdict.problems()).extracting(Problem::subject).contains("13");
        assertThat(verdict.problems())
                .filteredOn(p -> p.subject().equals("13"))
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m)
                        .contains("version 20000001 differs from its job's 20000000 outside "
                                + "the pool's mask 1fffe000"));
        assertThat(verdict.exitCode()).isEqualTo(Verdict.EXIT_MISMATCH);
    }

    @Test
    void formatTwoShareMovedToAnotherConnectionsChannelIsCaught() {
        long forged = 27; // B's share: its extranonce begins with B's extranonce1, 00000004
        PoolHistory history = PoolHistory.of(new PoolHistory.Lies() {
            @Override
            public PublishedShare published(PublishedShare record) {
                // Named as A's connection (00000000), whose assignments a pool might find more generous.
                return record.sequence() != forged
                        ? record
                        : new PublishedShare(
                                record.sequence(),
                                record.time(),
                                record.address(),
                                record.worker(),
                                record.jobId(),
                                record.format(),
                                record.protocol(),
                                "00000000",
                                record.extranonce(),
                                record.version(),
                                null,
                                null,
                                record.ntime(),
                                record.nonce(),
                                null,
                                record.difficulty(),
                                record.block(),
                                record.blockHash());
            }
        });
        assertThat(history.shares.get((int) forged - 1).extranonce()).startsWith("00000004");

        Verdict verdict = verify(serve(history), null);

        assertThat(verdict.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.SHARE);
            assertThat(p.subject()).isEqualTo("27");
            assertThat(p.message()).contains("does not begin with its channel 00000000");
        });
    }

    @Test
    void shareOfAnUnknownRecordFormatIsReportedNotSkipped() {
        PoolHistory history = PoolHistory.of(new PoolHistory.Lies() {
            @Override
            public PublishedShare published(PublishedShare record) {
                return record.sequence() != 5
                        ? record
                        : new PublishedShare(
                                record.sequence(),
                                record.time(),
                                record.address(),
                                record.worker(),
                                record.jobId(),
                                3,
                                record.protocol(),
                                record.channel(),
                                record.extranonce(),
                                record.version(),
                                null,
                                null,
                                record.ntime(),
                                record.nonce(),
                                null,
                                record.difficulty(),
                                record.block(),
                                record.blockHash());
            }
        });

        Verdict verdict = verify(serve(history), null);

        assertThat(verdict.problems()).singleElement().satisfies(p -> {
            assertThat(p.subject()).isEqualTo("5");
            assertThat(p.message()).contains("record format 3, newer than this verifier understands");
        });
    }

    private static PublishedShare withVersion(PublishedShare s, String version) {
        return new PublishedShare(
                s.sequence(),
                s.time(),
                s.address(),
                s.worker(),
                s.jobId(),
                s.format(),
                s.protocol(),
                s.channel(),
                s.extranonce(),
                version,
                s.extranonce1(),
                s.extranonce2(),
                s.ntime(),
                s.nonce(),
                s.versionBits(),
                s.difficulty(),
                s.block(),
                s.blockHash());
    }

    @Test
    void shareCreditRaisedWithinWhatItsHashReachedIsCaughtAgainstItsConnectionsAssignment() {
        long[] raised = {0};
        PoolHistory history = PoolHistory.of(new PoolHistory.Lies() {
            @Override
            public double credited(long sequence, double earned, double reached) {
                // The first share past 20 whose hash reached four times its difficulty is credited at four times.
                if (raised[0] == 0 && sequence > 20 && reached >= 4 * earned) {
                    raised[0] = sequence;
                    return 4 * earned;
                }
                return earned;
            }
        });
        assertThat(raised[0]).isPositive();

        Verdict verdict = verify(serve(history), null);

        // Its proof of work holds and the tables count the raised weight consistently: only the assignment tells.
        assertThat(verdict.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.SHARE);
            assertThat(p.subject()).isEqualTo(Long.toString(raised[0]));
            assertThat(p.message())
                    .contains("credited difficulty " + 4 * PoolHistory.SHARE_DIFFICULTY)
                    .contains("was never assigned to its connection");
        });
        assertThat(verdict.exitCode()).isEqualTo(Verdict.EXIT_MISMATCH);
    }

    @Test
    void replayedShareCreditedTwiceIsCaughtAsTheSecondCopy() {
        PoolHistory history = PoolHistory.of(new PoolHistory.Lies() {
            @Override
            public boolean replays(long sequence) {
                return sequence == 33;
            }
        });
        assertThat(history.shares.get(33).nonce())
                .isEqualTo(history.shares.get(32).nonce());

        Verdict verdict = verify(serve(history), null);

        // The pool counted the replay in its tables as in its share stream, so only the repeated header gives it away.
        assertThat(verdict.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.SHARE);
            assertThat(p.subject()).isEqualTo("34");
            assertThat(p.message()).contains("is the one of share 33").contains("credited twice");
        });
        assertThat(verdict.exitCode()).isEqualTo(Verdict.EXIT_MISMATCH);
    }

    @Test
    void honestSoloPoolPasses() {
        Verdict verdict = verify(serve(PoolHistory.solo(new PoolHistory.Lies() {})), null);

        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.sharesChecked()).isEqualTo(15);
        assertThat(verdict.jobsChecked()).isEqualTo(3);
    }

    @Test
    void soloShareMovedToAnotherAddressThanItsCoinbasePaysIsCaught() {
        PoolHistory history = PoolHistory.solo(new PoolHistory.Lies() {
            @Override
            public String address(long sequence, String earned) {
                return sequence == 3 ? PoolHistory.B : earned;
            }
        });
        assertThat(history.shares.get(2).jobId()).isEqualTo(history.job("s0").jobId()); // A's job

        Verdict verdict = verify(serve(history), null);

        // The proof of work holds (the address is not in the header): only the job's coinbase shows whose share it is.
        assertThat(verdict.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.SHARE);
            assertThat(p.subject()).isEqualTo("3");
            assertThat(p.message()).contains("is credited to " + PoolHistory.B).contains("job s0");
        });
        assertThat(verdict.exitCode()).isEqualTo(Verdict.EXIT_MISMATCH);
    }

    /** Moves {@code sats} from the fee output to A's output in job j3's table, and builds the coinbase from it. */
    private static PayoutTable overpayA(PayoutTable honest, long sats) {
        List<Payout> outputs = honest.outputs().stream()
                .map(p -> switch (p.kind()) {
                    case FEE -> new Payout(p.address(), p.sats() - sats, p.kind());
                    default ->
                        p.address().equals(PoolHistory.A) ? new Payout(p.address(), p.sats() + sats, p.kind()) : p;
                })
                .toList();
        return new PayoutTable(
                outputs,
                honest.offeredCredits(),
                honest.excluded(),
                honest.window(),
                honest.coinbaseValue(),
                honest.unassignedSats());
    }

    @Test
    void tableThatOverpaysOneAddressIsCaughtAsThatJobNamingTheOutput() {
        PoolHistory history = PoolHistory.of(new PoolHistory.Lies() {
            @Override
            public PayoutTable table(String jobId, PayoutTable honest) {
                return jobId.equals("j3") ? overpayA(honest, 70_000) : honest;
            }
        });
        long honestA = history.honestTables.get("j3").outputs().getFirst().sats();

        Verdict verdict = verify(serve(history), null);

        assertThat(verdict.problems()).allSatisfy(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.JOB);
            assertThat(p.subject()).isEqualTo("j3");
        });
        assertThat(verdict.problems())
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m)
                        .contains("table output 0: expected " + honestA + " sats to " + PoolHistory.A)
                        .contains("published " + (honestA + 70_000) + " sats to " + PoolHistory.A));
        assertThat(verdict.exitCode()).isEqualTo(Verdict.EXIT_MISMATCH);
    }

    @Test
    void minerDroppedFromACoinbaseWithoutACreditIsCaught() {
        PoolHistory history = PoolHistory.of(new PoolHistory.Lies() {
            @Override
            public PayoutTable table(String jobId, PayoutTable honest) {
                if (!jobId.equals("j3")) {
                    return honest;
                }
                long dSats = honest.outputs().stream()
                        .filter(p -> p.address().equals(PoolHistory.D))
                        .mapToLong(Payout::sats)
                        .sum();
                List<Payout> outputs = honest.outputs().stream()
                        .filter(p -> !p.address().equals(PoolHistory.D))
                        .map(p -> p.address().equals(PoolHistory.A)
                                ? new Payout(p.address(), p.sats() + dSats, p.kind())
                                : p)
                        .toList();
                return new PayoutTable(
                        outputs,
                        honest.offeredCredits(),
                        honest.excluded(),
                        honest.window(),
                        honest.coinbaseValue(),
                        0);
            }
        });
        assertThat(history.honestTables.get("j3").outputs())
                .extracting(Payout::address)
                .contains(PoolHistory.D);

        Verdict verdict = verify(serve(history), null);

        assertThat(problemsOf(verdict, Problem.Kind.JOB))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.subject()).isEqualTo("j3"));
        assertThat(verdict.problems())
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("expected").contains("sats to " + PoolHistory.D));
        assertThat(verdict.exitCode()).isEqualTo(Verdict.EXIT_MISMATCH);
    }

    /** Moves 5000 sats from the second coinbase output to the first. */
    private static List<TxOut> skim(List<TxOut> outs) {
        List<TxOut> changed = new ArrayList<>(outs);
        changed.set(0, new TxOut(outs.get(0).value() + 5000, outs.get(0).scriptPubKey()));
        changed.set(1, new TxOut(outs.get(1).value() - 5000, outs.get(1).scriptPubKey()));
        return changed;
    }

    /** A pool whose job {@code skimmed} builds its coinbase off its published table (see {@link #skim}). */
    private static PoolHistory skimmingTheCoinbaseOf(String skimmed) {
        return PoolHistory.of(new PoolHistory.Lies() {
            @Override
            public List<TxOut> coinbase(String jobId, List<TxOut> fromTable) {
                return jobId.equals(skimmed) ? skim(fromTable) : fromTable;
            }
        });
    }

    @Test
    void coinbaseThatDoesNotPayItsPublishedTableIsCaughtInTheJobAndItsBlock() {
        PoolHistory history = skimmingTheCoinbaseOf("j2");
        String block102 = history.blocks.get(1).blockHash();

        Verdict verdict = verify(serve(history), null);

        assertThat(problemsOf(verdict, Problem.Kind.JOB)).isNotEmpty().allSatisfy(p -> {
            assertThat(p.subject()).isEqualTo("j2");
            assertThat(p.message()).startsWith("coinbase output ").contains("against its published table");
        });
        assertThat(problemsOf(verdict, Problem.Kind.BLOCK))
                .extracting(Problem::subject)
                .containsOnly(block102);
        assertThat(problemsOf(verdict, Problem.Kind.SHARE)).isEmpty();
        assertThat(verdict.exitCode()).isEqualTo(Verdict.EXIT_MISMATCH);
    }

    @Test
    void minersOwnNodeRevealsABlockWhoseCoinbaseThePoolMisreports() {
        PoolHistory history = skimmingTheCoinbaseOf("j1");
        // The pool then reports block 101 as if it had paid the table; the chain (the node) knows better.
        PoolHistory honest = PoolHistory.honest();
        history.blocks.set(
                0,
                new org.potluck.accounting.published.PublishedBlock(
                        101,
                        history.blocks.get(0).blockHash(),
                        "j1",
                        history.blocks.get(0).shareSequence(),
                        history.blocks.get(0).finderAddress(),
                        true,
                        honest.blocks.get(0).coinbaseOutputs()));
        String block101 = history.blocks.get(0).blockHash();

        Verdict verdict = verify(serve(history), node(history.chain));

        assertThat(problemsOf(verdict, Problem.Kind.BLOCK)).isNotEmpty().allSatisfy(p -> {
            assertThat(p.subject()).isEqualTo(block101);
            assertThat(p.message()).contains("as the miner's node has it");
        });
    }

    @Test
    void secondRunResumesFromItsOwnDatabaseWhichBelongsToOnePool() {
        PoolHistory history = PoolHistory.honest();
        URI pool = serve(history);
        assertThat(verify(pool, null).passed()).isTrue();

        Verdict second = verify(pool, null);

        assertThat(second.passed()).isTrue();
        assertThat(second.sharesChecked()).isEqualTo(70);
        URI otherPool = serve(PoolHistory.honest());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> verify(otherPool, null))
                .isInstanceOf(VerifyException.class)
                .hasMessageContaining("use another --db file");
    }

    @Test
    void followingVerifierChecksSharesThatArriveLiveOnTheStream() throws Exception {
        PoolHistory history = PoolHistory.honest();
        ServedHistory records = new ServedHistory(history, 50);
        URI pool = serve(records);
        Verifier verifier = new Verifier(
                VerifyOptions.once(pool, dir.resolve("follow.sqlite")).following(java.time.Duration.ofMillis(100)),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        java.util.concurrent.CompletableFuture<Verdict> running =
                java.util.concurrent.CompletableFuture.supplyAsync(verifier::run);

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> countShares(dir.resolve("follow.sqlite")) == 50);
        records.release();
        // In follow mode shares 51..70 can only come through the SSE stream.
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> countShares(dir.resolve("follow.sqlite")) == 70);
        verifier.stop();
        Verdict verdict = running.get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.sharesChecked()).isEqualTo(70);
        assertThat(verdict.jobsChecked()).isEqualTo(4);
    }

    @Test
    void followingVerifierGivesALiveShareARoundForItsDifficultyAssignmentToBeStored() throws Exception {
        PoolHistory history = PoolHistory.honest();
        ServedHistory records = new ServedHistory(history, 50);
        Path db = dir.resolve("follow.sqlite");
        // Shares 51..70 are on job j3, at height 103: new assignments, which the verifier sees only a round late.
        records.holdBackDifficultiesAfterShare(50, () -> countShares(db) == 70);
        URI pool = serve(records);
        Verifier verifier = new Verifier(
                VerifyOptions.once(pool, db).following(java.time.Duration.ofMillis(200)),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        java.util.concurrent.CompletableFuture<Verdict> running =
                java.util.concurrent.CompletableFuture.supplyAsync(verifier::run);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> countShares(db) == 50);

        records.release();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> countShares(db) == 70);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(records::difficultiesReleased);
        verifier.stop();
        Verdict verdict = running.get(20, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.sharesChecked()).isEqualTo(70);
    }

    private static long countShares(Path db) {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM shares")) {
            return rs.getLong(1);
        } catch (java.sql.SQLException notCreatedYet) {
            return 0;
        }
    }
}
