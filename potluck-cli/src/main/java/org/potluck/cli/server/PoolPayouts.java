package org.potluck.cli.server;

import java.util.ArrayList;
import java.util.List;
import org.potluck.accounting.published.PublishedBlock;
import org.potluck.accounting.published.PublishedOutput;
import org.potluck.bitcoin.Hex;
import org.potluck.core.WorkTemplate;
import org.potluck.pool.Pool;
import org.potluck.pool.payout.AddressBook;
import org.potluck.pool.payout.PayoutPlan;
import org.potluck.pool.publish.JobJson;
import org.potluck.store.BlockRecord;
import org.potluck.web.dashboard.PayoutHistory;
import org.potluck.web.dashboard.PayoutPreview;

/** The dashboard's payout views: what a block found now would pay, and what each address was paid by found blocks. */
final class PoolPayouts implements PayoutPreview, PayoutHistory {
    /** Coinbase outputs can be spent after 100 confirmations. */
    private static final int MATURITY = 100;

    private final Pool pool;

    PoolPayouts(Pool pool) {
        this.pool = pool;
    }

    @Override
    public List<Payout> nextBlock() {
        WorkTemplate template = pool.currentTemplate();
        if (template == null) {
            return List.of();
        }
        PayoutPlan plan = pool.payout().preview(template);
        if (plan == null) {
            return List.of(); // solo: whoever finds the block takes it
        }
        List<Payout> payouts = new ArrayList<>();
        for (int i = 0; i < plan.outputs().size(); i++) {
            payouts.add(
                    new Payout(plan.addresses().get(i), plan.outputs().get(i).value()));
        }
        return payouts;
    }

    @Override
    public String scheme() {
        return pool.config().payout().scheme();
    }

    @Override
    public List<Paid> forAddress(String address, int limit) {
        AddressBook.Resolution resolved = pool.addresses().resolve(address);
        if (!resolved.ok()) {
            return List.of();
        }
        String script = Hex.encode(resolved.script());
        WorkTemplate tip = pool.currentTemplate();
        List<Paid> paid = new ArrayList<>();
        List<BlockRecord> blocks = pool.store().blocks();
        for (int i = blocks.size() - 1; i >= 0 && paid.size() < limit; i--) {
            BlockRecord r = blocks.get(i);
            PublishedBlock b = JobJson.JSON.readValue(r.json(), PublishedBlock.class);
            long sats = b.coinbaseOutputs().stream()
                    .filter(o -> o.scriptPubKey().equals(script))
                    .mapToLong(PublishedOutput::sats)
                    .sum();
            if (sats > 0) {
                String status = !r.accepted()
                        ? "rejected"
                        : "orphaned".equals(r.status())
                                ? "orphaned"
                                : tip != null && tip.height() - r.height() >= MATURITY ? "mature" : "immature";
                paid.add(new Paid(r.height(), r.blockHash(), sats, r.time(), status));
            }
        }
        return paid;
    }
}
