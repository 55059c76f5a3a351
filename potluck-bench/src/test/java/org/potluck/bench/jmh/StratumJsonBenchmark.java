package org.potluck.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.potluck.stratum.StratumMessages;
import org.potluck.stratum.StratumRequest;
import org.potluck.stratum.Submit;
import org.potluck.stratum.SubmitScanner;
import tools.jackson.databind.JsonNode;

/** The JSON on either side of a share: parsing a mining.submit line into a Submit, and writing the "true" reply. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StratumJsonBenchmark {
    private final byte[] line = ("{\"id\":4711,\"method\":\"mining.submit\",\"params\":[\"" + Fixtures.ADDRESS
                    + ".rig1\",\"1f\",\"0000000000000001\",\"6745c1a0\",\"1d2c3b4a\"]}")
            .getBytes(StandardCharsets.UTF_8);
    private final JsonNode id = tools.jackson.databind.node.JsonNodeFactory.instance.numberNode(4711);

    /** The general path (Jackson tree), taken by any submit the scanner does not accept. */
    @Benchmark
    public Submit parseSubmit() throws Exception {
        StratumRequest r = StratumRequest.parse(line, 0, line.length);
        return Submit.parse(r.params());
    }

    /** A reply built with Jackson, as every reply other than an accepted share's is. */
    @Benchmark
    public String writeReply() {
        return StratumMessages.result(id, true);
    }

    /** The path a miner's submit takes: the hand scanner, no JSON tree. */
    @Benchmark
    public SubmitScanner.Scanned scanSubmit() {
        return SubmitScanner.scan(line, 0, line.length);
    }

    /** The accepted-share reply as the pool writes it. */
    @Benchmark
    public byte[] writeAcceptedReply() {
        return StratumMessages.trueResult(id);
    }
}
