package org.potluck.bench.jmh;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.potluck.bitcoin.Target;
import org.potluck.pool.share.ShareCheck;
import org.potluck.pool.share.ShareValidator;
import org.potluck.pool.work.Job;
import org.potluck.pool.work.JobBoard;
import org.potluck.pool.work.WorkTemplate;
import org.potluck.stratum.StratumJson;
import org.potluck.stratum.Submit;

/**
 * The whole check of one share on a 2,000-transaction mainnet template: coinbase assembly, merkle root from the branch
 * (11 levels), header, sha256d, and the network and share target comparisons.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShareValidationBenchmark {
    private Job job;
    private Submit submit;
    private byte[] extranonce1;
    private byte[] shareTarget;
    private long now;

    @Setup
    public void setUp() throws Exception {
        JobBoard board = new JobBoard(12, "potluck".getBytes(), j -> {});
        WorkTemplate work = board.install(Fixtures.template(2000));
        job = board.jobFor(work, Fixtures.soloPlan(work));
        now = System.currentTimeMillis() / 1000;
        submit = Submit.parse(StratumJson.MAPPER.readTree("[\"" + Fixtures.ADDRESS
                + ".w1\",\"1\",\"0000000000000001\",\"" + String.format("%08x", work.curTime()) + "\",\"1d2c3b4a\"]"));
        extranonce1 = HexFormat.of().parseHex("a1b2c3d4");
        shareTarget = Target.toLittleEndian32(Target.fromDifficulty(1e-10));
    }

    @Benchmark
    public ShareCheck validateShare() {
        return ShareValidator.check(job, submit, extranonce1, 8, 0, shareTarget, now);
    }
}
