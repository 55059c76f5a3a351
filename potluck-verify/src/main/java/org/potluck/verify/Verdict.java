package org.potluck.verify;

import java.util.List;

/**
 * What one verification found.
 *
 * @param notes         what could not be checked yet and why (not a mismatch)
 * @param unverified    what the verifier could not check because of its own side (its node unreachable, refusing its
 *                      credentials or behind the pool's blocks): never a charge against the pool, but not a pass either
 * @param sharesChecked shares whose proof of work was rechecked
 * @param jobsChecked   jobs whose payout table and coinbase were recomputed
 * @param blocksChecked found blocks whose coinbase was compared with its job's table
 */
public record Verdict(
        String pool,
        List<Problem> problems,
        List<String> notes,
        List<String> unverified,
        long sharesChecked,
        int jobsChecked,
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
        unverified = List.copyOf(unverified);
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    /** A mismatch outranks what could not be checked: the pool's record is wrong whatever the rest would show. */
    public int exitCode() {
        if (!passed()) {
            return EXIT_MISMATCH;
        }
        return unverified.isEmpty() ? EXIT_OK : EXIT_UNVERIFIABLE;
    }

    /** A report for people: counts, each problem on its own line, then the verdict. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append("potluck verify ").append(pool).append('\n');
        out.append("  checked ")
                .append(sharesChecked)
                .append(" shares, ")
                .append(jobsChecked)
                .append(" jobs, ")
                .append(blocksChecked)
                .append(" blocks\n");
        for (String note : notes) {
            out.append("  note: ").append(note).append('\n');
        }
        for (String reason : unverified) {
            out.append("  could not check: ").append(reason).append('\n');
        }
        for (Problem problem : problems) {
            out.append("  MISMATCH ").append(problem).append('\n');
        }
        if (!passed()) {
            out.append("VERDICT: FAILED, ")
                    .append(problems.size())
                    .append(" mismatch")
                    .append(problems.size() == 1 ? "" : "es")
                    .append(" in the pool's published record\n");
        } else if (!unverified.isEmpty()) {
            out.append("VERDICT: COULD NOT VERIFY, ")
                    .append(unverified.size())
                    .append(" check(s) failed on the verifier's side (see above); nothing found against the pool\n");
        } else {
            out.append("VERDICT: OK, every checked share, payout table and coinbase adds up\n");
        }
        return out.toString();
    }
}
