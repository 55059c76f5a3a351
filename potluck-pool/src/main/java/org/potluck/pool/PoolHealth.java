package org.potluck.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the pool can do its job right now, check by check, for GET /health and the store metric. The rule (also in
 * README.md, "Operating it"): the pool is healthy when it has work from a node, that work is fresh, a node answers,
 * the journal takes appends and the database takes jobs and the copied shares. Work is stale once the template is
 * older than the template refresh interval plus {@link #STALE_GRACE}: a node that answers hands out a new template
 * every refresh interval, so an older one means the pool has lost its node's attention (unreachable, or refusing
 * templates) and miners may be working on a superseded block.
 *
 * @param work     a current template from a node, and fresh
 * @param node     a node answers the pool's calls (without one, a found block cannot be submitted)
 * @param journal  shares can be journaled, so miners get "accepted"
 * @param database the database takes the jobs the pool publishes and the shares and jobs the journal copier brings
 *                 (payout windows and the API read them from there); shares are acknowledged without it
 */
public record PoolHealth(Check work, Check node, Check journal, Check database) {
    /** Two minutes beyond the refresh interval: long enough for a slow getblocktemplate on a busy node. */
    public static final Duration STALE_GRACE = Duration.ofMinutes(2);

    /** One condition: whether it holds and, either way, a sentence for the operator. */
    public record Check(boolean ok, String detail) {}

    /**
     * What the pool's parts report at one moment; the rule itself is {@link #assess}.
     *
     * @param templateHeight  height of the current template, null if there is none
     * @param templateAge     time since the pool took its latest template, null if none yet
     * @param nodeDownReason  why no node answers, null while one does
     * @param journalError    why the journal refuses appends, null while it takes them
     * @param databaseError   why the database refuses jobs or copied shares, null while it takes them
     */
    public record State(
            Integer templateHeight,
            Duration templateAge,
            Duration templateRefresh,
            String nodeDownReason,
            String journalError,
            String databaseError) {}

    public static PoolHealth assess(State s) {
        Check work;
        if (s.templateHeight() == null) {
            work = new Check(false, "no work from any node yet");
        } else if (s.templateAge() != null && s.templateAge().compareTo(staleAfter(s.templateRefresh())) > 0) {
            work = new Check(
                    false,
                    "template at height " + s.templateHeight() + " is "
                            + s.templateAge().toSeconds()
                            + " s old (refreshed every " + s.templateRefresh().toSeconds() + " s, stale after "
                            + staleAfter(s.templateRefresh()).toSeconds() + " s): miners may be working on stale work");
        } else {
            work = new Check(
                    true,
                    "current template at height " + s.templateHeight()
                            + (s.templateAge() == null
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            ", %.0f s old",
                                            s.templateAge().toMillis() / 1000.0)));
        }
        Check node = s.nodeDownReason() == null
                ? new Check(true, "reachable")
                : new Check(false, "unreachable (" + s.nodeDownReason() + "): found blocks cannot be submitted");
        Check journal = s.journalError() == null
                ? new Check(true, "writable")
                : new Check(false, "failing, shares are refused until it recovers: " + s.journalError());
        Check database = s.databaseError() == null
                ? new Check(true, "writable")
                : new Check(
                        false,
                        "failing, shares are still accepted (journaled) and wait, with their jobs, to be "
                                + "copied until it recovers: " + s.databaseError());
        return new PoolHealth(work, node, journal, database);
    }

    /** When a template counts as stale: the refresh interval plus {@link #STALE_GRACE}. */
    public static Duration staleAfter(Duration templateRefresh) {
        return templateRefresh.plus(STALE_GRACE);
    }

    public boolean ok() {
        return work.ok() && node.ok() && journal.ok() && database.ok();
    }

    /** Whether the journal and the database both take shares (the {@code potluck_store_healthy} metric). */
    public boolean storeOk() {
        return journal.ok() && database.ok();
    }

    /** The failed checks, each as "name: detail". */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        add(problems, "work", work);
        add(problems, "node", node);
        add(problems, "journal", journal);
        add(problems, "database", database);
        return problems;
    }

    private static void add(List<String> problems, String name, Check check) {
        if (!check.ok()) {
            problems.add(name + ": " + check.detail());
        }
    }
}
