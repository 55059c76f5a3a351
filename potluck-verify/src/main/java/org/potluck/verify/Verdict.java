package org.potluck.verify;

import java.util.List;

/**
 * What one verification found.
 *
 * @param notes         what could not be checked yet and why (not a mismatch)
 * @param sharesChecked shares whose proof of work was rechecked
 * @param jobsChecked   jobs whose payout table and coinbase were recomputed
 * @param blocksChecked found blocks whose coinbase was compared with its job's table
 */
public record Verdict(String pool, List<Problem> problems, List<String> notes, long sharesChecked, int jobsChecked,
                      int blocksChecked) {
    /** Exit code when every check passed. */
    public static final int EXIT_OK = 0;
    /** Exit code when the pool's record does not add up. */
    public static final int EXIT_MISMATCH = 1;
    /** Exit code a command should use when verification could not run (see {@link VerifyException}). */
    public static final int EXIT_UNVERIFIABLE = 2;

    public Verdict {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    public int exitCode() {
        return passed() ? EXIT_OK : EXIT_MISMATCH;
    }

    /** A report for people: counts, each problem on its own line, then the verdict. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append("potluck verify ").append(pool).append('\n');
        out.append("  checked ").append(sharesChecked).append(" shares, ").append(jobsChecked).append(" jobs, ")
                .append(blocksChecked).append(" blocks\n");
        for (String note : notes) {
            out.append("  note: ").append(note).append('\n');
        }
        for (Problem problem : problems) {
            out.append("  MISMATCH ").append(problem).append('\n');
        }
        out.append(passed() ? "VERDICT: OK, every checked share, payout table and coinbase adds up\n"
                : "VERDICT: FAILED, " + problems.size() + " mismatch" + (problems.size() == 1 ? "" : "es")
                        + " in the pool's published record\n");
        return out.toString();
    }
}
