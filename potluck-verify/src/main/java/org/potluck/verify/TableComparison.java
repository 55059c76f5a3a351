package org.potluck.verify;

import java.util.ArrayList;
import java.util.List;
import org.potluck.accounting.PayoutTable;
import org.potluck.accounting.published.PublishedCredit;
import org.potluck.accounting.published.PublishedJob;
import org.potluck.accounting.published.PublishedPayout;

/** Compares a job's published payout table with the one the verifier recomputed, output by output. */
final class TableComparison {
    private TableComparison() {}

    static List<String> differences(PayoutTable expected, PublishedJob published) {
        List<String> out = new ArrayList<>();
        List<PublishedPayout> want =
                expected.outputs().stream().map(PublishedPayout::of).toList();
        List<PublishedPayout> got = published.outputs();
        for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
            PublishedPayout e = i < want.size() ? want.get(i) : null;
            PublishedPayout p = i < got.size() ? got.get(i) : null;
            if (e == null || !e.equals(p)) {
                out.add("table output " + i + ": expected " + describe(e) + ", published " + describe(p));
            }
        }
        compareCredits(
                "offered credits",
                expected.offeredCredits().stream().map(PublishedCredit::of).toList(),
                published.offeredCredits(),
                out);
        compareCredits(
                "excluded (credited) miners",
                expected.excluded().stream().map(PublishedCredit::of).toList(),
                published.excluded(),
                out);
        return out;
    }

    private static void compareCredits(
            String what, List<PublishedCredit> expected, List<PublishedCredit> published, List<String> out) {
        if (!expected.equals(published)) {
            out.add(what + ": expected " + expected + ", published " + published);
        }
    }

    static String describe(PublishedPayout payout) {
        return payout == null
                ? "no output"
                : payout.sats() + " sats to " + payout.address() + " (" + payout.kind() + ")";
    }
}
