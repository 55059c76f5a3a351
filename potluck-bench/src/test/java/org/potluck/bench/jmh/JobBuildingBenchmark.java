package org.potluck.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.potluck.node.BlockTemplate;
import org.potluck.pool.work.Job;
import org.potluck.pool.work.JobBoard;
import org.potluck.pool.work.WorkTemplate;

/**
 * From a node's template to the first job: the template's byte forms and merkle branch (WorkTemplate.from via
 * JobBoard.install), then the coinbase for one payout plan and the job's notify fields.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JobBuildingBenchmark {
    @Param({"4000"})
    int transactions;

    private BlockTemplate template;

    @Setup
    public void setUp() {
        template = Fixtures.template(transactions);
    }

    @Benchmark
    public Job installTemplateAndBuildJob() {
        JobBoard board = new JobBoard(12, "potluck".getBytes(), j -> {});
        WorkTemplate work = board.install(template);
        return board.jobFor(work, Fixtures.soloPlan(work));
    }
}
