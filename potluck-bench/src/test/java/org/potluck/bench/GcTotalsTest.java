package org.potluck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GcTotalsTest {
    @Test
    void aCollectionOfThisJvmShowsInItsTotals() {
        GcTotals before = GcTotals.ofThisJvm();
        System.gc();
        GcTotals after = GcTotals.ofThisJvm();
        GcTotals during = after.since(before);
        assertTrue(during.collections() >= 1, "a full collection was counted, got " + during);
        assertTrue(during.millis() >= 0, "collector time never runs backwards, got " + during);
    }

    @Test
    void theTotalsCrossTheProcessBoundaryUnchanged() {
        GcTotals totals = new GcTotals(412, 5_944);
        assertEquals(totals, GcTotals.parse(totals.line()));
    }

    @Test
    void aReplyThatIsNotATotalsLineReadsAsUnknown() {
        assertNull(GcTotals.parse("STATS 123 4"));
        assertNull(GcTotals.parse("GC twelve 3"));
        assertNull(GcTotals.parse(null));
    }

    @Test
    void perShareCostIsTheCollectorTimeSpreadOverTheAnsweredShares() {
        assertEquals(2.5, new GcTotals(10, 5_000).microsPerShare(2_000_000), 1e-9);
        assertTrue(Double.isNaN(new GcTotals(10, 5_000).microsPerShare(0)), "no share answered, no figure");
    }
}
