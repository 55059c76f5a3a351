package org.potluck.pool.payout;

import java.math.BigDecimal;
import java.util.List;
import org.potluck.accounting.FinderBonus;
import org.potluck.accounting.PayoutRules;
import org.potluck.bitcoin.TxOut;
import org.potluck.core.WorkTemplate;

/**
 * Solo mining: the finder's own address takes the whole reward, less an optional operator fee. The fee is rounded down
 * to the satoshi so that the miner, never the operator, gets any remainder.
 */
public final class SoloPayout implements PayoutPolicy {
    private final int feeBasisPoints;
    private final String feeSource;
    private final AddressBook addresses;

    /**
     * @param feeSource the operator's address, or an xpub/descriptor whose fresh address each coinbase pays
     * @param addresses resolves the fee source (checked here, so a bad one fails at start-up)
     */
    public SoloPayout(int feeBasisPoints, String feeSource, AddressBook addresses) {
        if (feeBasisPoints < 0 || feeBasisPoints > 10_000) {
            throw new IllegalArgumentException("fee must be 0..10000 basis points, got " + feeBasisPoints);
        }
        if (feeBasisPoints > 0
                && (feeSource == null || !addresses.resolve(feeSource).ok())) {
            throw new IllegalArgumentException("a fee needs a valid fee address: "
                    + (feeSource == null
                            ? "none given"
                            : addresses.resolve(feeSource).error()));
        }
        this.feeBasisPoints = feeBasisPoints;
        this.feeSource = feeSource;
        this.addresses = addresses;
    }

    @Override
    public PayoutPlan planFor(WorkTemplate template, Miner miner) {
        long value = template.coinbaseValue();
        long fee = Math.multiplyExact(value, (long) feeBasisPoints) / 10_000;
        if (fee == 0) {
            return new PayoutPlan(
                    List.of(new TxOut(value, miner.script())), List.of(miner.address()), null, miner.address(), 1);
        }
        AddressBook.Resolution operator = addresses.resolve(feeSource);
        return new PayoutPlan(
                List.of(new TxOut(value - fee, miner.script()), new TxOut(fee, operator.script())),
                List.of(miner.address(), operator.address()),
                null,
                miner.address(),
                2);
    }

    @Override
    public String scheme() {
        return "solo";
    }

    /** Only a fee: no donation, no bonus, no credits; the finder's output plus the fee's, when there is one. */
    @Override
    public PayoutRules rules() {
        boolean fee = feeBasisPoints > 0;
        return new PayoutRules(feeBasisPoints, fee ? feeSource : null, 0, null, FinderBonus.none(), fee ? 2 : 1, 0);
    }

    @Override
    public BigDecimal windowMultiplier() {
        return BigDecimal.ZERO;
    }

    /** Solo keeps nothing between shares: the new rules' fee makes a new policy (checked as at start-up). */
    @Override
    public SoloPayout withRules(PayoutRules rules) {
        return new SoloPayout(rules.feeBasisPoints(), rules.feeAddress(), addresses);
    }
}
