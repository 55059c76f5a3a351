package org.potluck.pool.payout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.potluck.accounting.CoinbaseSizeClass;
import org.potluck.accounting.CreditLedger;
import org.potluck.accounting.FinderBonus;
import org.potluck.accounting.Payout;
import org.potluck.accounting.PayoutCalculator;
import org.potluck.accounting.PayoutInputs;
import org.potluck.accounting.PayoutRules;
import org.potluck.accounting.PayoutTable;
import org.potluck.accounting.PplnsWindow;
import org.potluck.accounting.Window;
import org.potluck.accounting.WindowShare;
import org.potluck.bitcoin.TxOut;
import org.potluck.core.WorkTemplate;
import org.potluck.store.AcceptedShare;

/**
 * PPLNS: every job's coinbase splits the reward over the addresses in the window of recent shares, by the rule in
 * potluck-accounting (the same code the verifier runs). Tables are made once per template and coinbase size class, and
 * per finder only when the finder changes the outputs (a finder bonus, or an empty window).
 */
public final class PplnsPayout implements PayoutPolicy {
    /** Shares kept in memory beyond the window itself, in case the network difficulty rises. */
    private static final double KEEP_MARGIN = 2;

    private final PayoutRules rules;
    private final BigDecimal multiplier;
    private final AddressBook addresses;
    private final ShareWindow window;
    private final AtomicReference<CreditLedger> ledger;
    private final int fixedOverhead;
    private final Map<String, PayoutPlan> plans = new ConcurrentHashMap<>();
    private volatile long newestTemplateId = -1;

    /**
     * @param extranonceSize extranonce1 + extranonce2 bytes, to size the coinbase for the size classes
     * @param tagBytes       the coinbase tag's length
     */
    public PplnsPayout(
            PayoutRules rules,
            BigDecimal multiplier,
            AddressBook addresses,
            ShareWindow window,
            CreditLedger ledger,
            int extranonceSize,
            int tagBytes) {
        this.rules = rules;
        this.multiplier = multiplier;
        this.addresses = addresses;
        this.window = window;
        this.ledger = new AtomicReference<>(ledger);
        // version 4, input count 1, prevout 36, script length 1, height push ~5, extranonce, tag, sequence 4, output
        // count 1, witness commitment output 47, locktime 4: the coinbase before any payout output
        this.fixedOverhead = 4 + 1 + 36 + 1 + 5 + extranonceSize + tagBytes + 4 + 1 + 47 + 4;
    }

    private PplnsPayout(PplnsPayout from, PayoutRules rules) {
        this.rules = rules;
        this.multiplier = from.multiplier;
        this.addresses = from.addresses;
        this.window = from.window;
        this.ledger = from.ledger;
        this.fixedOverhead = from.fixedOverhead;
    }

    /**
     * The same window and credit ledger under new rules (a config reload): both are shared, not copied, so a share or
     * a block recorded through the old instance while the switch happens still counts.
     */
    @Override
    public PplnsPayout withRules(PayoutRules newRules) {
        return new PplnsPayout(this, newRules);
    }

    @Override
    public PayoutRules rules() {
        return rules;
    }

    @Override
    public BigDecimal windowMultiplier() {
        return multiplier;
    }

    @Override
    public CreditLedger ledger() {
        return ledger.get();
    }

    /**
     * The ledger the next plans start from: replayed by the pool from its blocks in the chain the next template builds
     * on (docs/payouts.md), so a block that was orphaned no longer settles or creates credits.
     */
    @Override
    public void useLedger(Supplier<CreditLedger> ofChain) {
        ledger.set(ofChain.get());
    }

    @Override
    public void sharesJournaled(List<AcceptedShare> inOrder) {
        window.add(inOrder);
    }

    @Override
    public void prepare(WorkTemplate template) {
        plan(template, null, rules.maxOutputs());
    }

    @Override
    public PayoutPlan preview(WorkTemplate template) {
        return plan(template, null, rules.maxOutputs());
    }

    @Override
    public PayoutPlan planFor(WorkTemplate template, Miner miner) {
        int classMax = CoinbaseSizeClass.forUserAgent(miner.userAgent()).maxOutputs(fixedOverhead);
        return plan(template, miner, Math.min(rules.maxOutputs(), classMax));
    }

    private PayoutPlan plan(WorkTemplate template, Miner miner, int maxOutputs) {
        forgetPlansOlderThan(template.id());
        // Keys carry the template id: a caller still on an older template can never hand its plan (another reward,
        // another window) to a session on the newer one.
        String prefix = template.id() + ":";
        PayoutPlan shared = plans.computeIfAbsent(prefix + "*:" + maxOutputs, k -> compute(template, null, maxOutputs));
        if (miner == null || (shared.table() != null && !finderMatters(shared.table()))) {
            return shared;
        }
        return plans.computeIfAbsent(
                prefix + miner.address() + ":" + maxOutputs, k -> compute(template, miner.address(), maxOutputs));
    }

    /** Template ids only grow: once a newer one is in use, the plans of older ones are never asked for again. */
    private void forgetPlansOlderThan(long templateId) {
        if (templateId > newestTemplateId) {
            synchronized (plans) {
                if (templateId > newestTemplateId) {
                    newestTemplateId = templateId;
                    String keep = templateId + ":";
                    plans.keySet().removeIf(k -> !k.startsWith(keep));
                }
            }
        }
    }

    /** The finder's own coinbase differs from everyone's when it earns a bonus or when nobody else is in the window. */
    private boolean finderMatters(PayoutTable table) {
        return !(rules.finderBonus() instanceof FinderBonus.None)
                || table.window().isEmpty()
                || !table.isComplete();
    }

    private PayoutPlan compute(WorkTemplate template, String finder, int maxOutputs) {
        BigDecimal size = PplnsWindow.windowSize(multiplier, template.nbits());
        ShareWindow.Snapshot snapshot = window.snapshot(size.doubleValue() * KEEP_MARGIN);
        List<WindowShare> shares = new ArrayList<>(snapshot.newestFirst().size());
        for (ShareWindow.Entry e : snapshot.newestFirst()) {
            shares.add(WindowShare.of(e.sequence(), e.address(), e.difficulty()));
        }
        Window w = PplnsWindow.selectEndingAt(shares, snapshot.endSequence(), size);
        PayoutTable table = PayoutCalculator.compute(new PayoutInputs(
                template.coinbaseValue(), w, ledger.get().credits(), finder, rules.withMaxOutputs(maxOutputs)));
        List<TxOut> outputs = new ArrayList<>();
        List<String> paid = new ArrayList<>();
        for (Payout p : table.outputs()) {
            AddressBook.Resolution r = addresses.resolve(p.address());
            if (!r.ok()) {
                throw new IllegalStateException("payout address " + p.address() + " cannot be paid: " + r.error());
            }
            outputs.add(new TxOut(p.sats(), r.script()));
            paid.add(p.address());
        }
        return new PayoutPlan(outputs, paid, table, finder, maxOutputs);
    }

    @Override
    public String scheme() {
        return "pplns";
    }
}
