package org.potluck.pool.stratum;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** One mining.notify as a miner holds it, with the difficulty and extranonce it is to be mined at. */
record Work(
        String jobId,
        String prevHash,
        String coinb1,
        String coinb2,
        List<String> branch,
        String version,
        String nbits,
        String ntime,
        boolean clean,
        double difficulty,
        String extranonce1,
        int extranonce2Size) {

    static Work of(JsonNode params, double difficulty, String extranonce1, int extranonce2Size) {
        List<String> branch = new ArrayList<>();
        params.get(4).forEach(b -> branch.add(b.asString()));
        return new Work(
                params.get(0).asString(),
                params.get(1).asString(),
                params.get(2).asString(),
                params.get(3).asString(),
                branch,
                params.get(5).asString(),
                params.get(6).asString(),
                params.get(7).asString(),
                params.get(8).asBoolean(),
                difficulty,
                extranonce1,
                extranonce2Size);
    }

    int versionValue() {
        return Integer.parseUnsignedInt(version, 16);
    }

    int ntimeValue() {
        return Integer.parseUnsignedInt(ntime, 16);
    }

    /** An extranonce2 of the right size, different for each {@code n}. */
    String extranonce2(long n) {
        return String.format("%0" + extranonce2Size * 2 + "x", n);
    }
}
