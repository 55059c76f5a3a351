package org.potluck.pool.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.potluck.config.ConfigException;
import org.potluck.node.NodeConfig;
import org.potluck.node.NodeTiming;
import org.potluck.pool.config.PoolConfig.PayoutConfig;
import org.potluck.store.StorageConfig;

/** The pool's part of the config; the web and ops sections are checked in potluck-cli's PotluckConfigTest. */
class PoolConfigTest {
    static final PoolConfig BASE = new PoolConfig(
            "signet",
            PoolConfig.defaultStratum(),
            List.of(new NodeConfig("http://127.0.0.1:38332", null, null, null, null)),
            NodeTiming.DEFAULT,
            PayoutConfig.solo(),
            "potluck-data");

    private static void rejects(UnaryOperator<PoolConfig> change, String message) {
        assertThatThrownBy(() -> change.apply(BASE).validate())
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void theOldSixPartShapeGetsDefaultStorage() {
        assertThat(BASE.storage()).isEqualTo(StorageConfig.DEFAULT);
        assertThat(BASE.validate()).isSameAs(BASE);
    }

    @Test
    void theThreePartPayoutShapeGetsThePplnsDefaults() {
        var p = new PayoutConfig("solo", 150, "bc1qoperator");
        assertThat(p.windowMultiplier()).isEqualTo(8);
        assertThat(p.maxOutputs()).isEqualTo(50);
        assertThat(p.minOutputSats()).isEqualTo(10_000);
        assertThat(p.donationBasisPoints()).isZero();
        assertThat(p.finderBonusSats()).isZero();
    }

    @Test
    void pplnsIsAScheme() {
        assertThat(BASE.withPayout(PayoutConfig.pplns()).validate().payout().isPplns())
                .isTrue();
        rejects(
                c -> c.withPayout(PayoutConfig.solo().withScheme("pps")),
                "config key 'payout.scheme' has value \"pps\": expected \"solo\" or \"pplns\"");
    }

    @Test
    void aFeeOrDonationNeedsSomewhereToGo() {
        rejects(
                c -> c.withPayout(PayoutConfig.solo().withFee(100, null)),
                "config key 'payout.fee_address' has value null: expected an address, xpub or descriptor when payout.fee_basis_points is above 0");
        rejects(
                c -> c.withPayout(PayoutConfig.solo().withDonation(100, " ")),
                "config key 'payout.donation_address' has value \" \": expected an address when payout.donation_basis_points is above 0");
        rejects(
                c -> c.withPayout(PayoutConfig.solo().withFee(10_001, "bc1q")),
                "config key 'payout.fee_basis_points' has value 10001: expected 0 to 10000 (100 = 1%)");
    }

    @Test
    void feeDonationAndBonusCannotTakeMoreThanTheWholeReward() {
        rejects(
                c -> c.withPayout(PayoutConfig.pplns()
                        .withFee(6000, "a")
                        .withDonation(3000, "b")
                        .withFinderBonus(0, 2000)),
                "config key 'payout.fee_basis_points' has value 6000: expected fee + donation + finder bonus basis points at most 10000 together (now 11000)");
    }

    @Test
    void atMostOneKindOfFinderBonusAndOnlyForPplns() {
        assertThat(BASE.withPayout(PayoutConfig.pplns().withFinderBonus(50_000, 0))
                        .validate()
                        .payout()
                        .finderBonusSats())
                .isEqualTo(50_000);
        rejects(
                c -> c.withPayout(PayoutConfig.pplns().withFinderBonus(50_000, 100)),
                "config key 'payout.finder_bonus_basis_points' has value 100: expected 0 when payout.finder_bonus_sats is set (50000): use one kind of finder bonus");
        rejects(
                c -> c.withPayout(PayoutConfig.solo().withFinderBonus(0, 100)),
                "config key 'payout.finder_bonus_basis_points' has value 100: expected 0 when payout.scheme is \"solo\" (the finder already gets the whole reward)");
    }

    @Test
    void theWindowAndOutputLimitsMustLeaveRoomToPay() {
        rejects(
                c -> c.withPayout(PayoutConfig.pplns().withWindowMultiplier(0)),
                "config key 'payout.window_multiplier' has value 0: expected a whole number of at least 1 (times the network difficulty; 8 is the default)");
        assertThat(BASE.withPayout(PayoutConfig.pplns().withOutputLimits(1, 0))
                        .validate()
                        .payout()
                        .maxOutputs())
                .isEqualTo(1);
        rejects(
                c -> c.withPayout(PayoutConfig.pplns().withFee(100, "a").withOutputLimits(1, 0)),
                "config key 'payout.max_outputs' has value 1: expected 2 to 10000 (room for at least one miner plus the fee and donation outputs)");
        rejects(
                c -> c.withPayout(PayoutConfig.pplns().withOutputLimits(50, -1)),
                "config key 'payout.min_output_sats' has value -1: expected 0 (no minimum) or more satoshis");
    }

    @Test
    void storageIsSqliteOrPostgres() {
        assertThat(BASE.withStorage(new StorageConfig("jdbc:sqlite:/tmp/s.db"))
                        .validate()
                        .storage()
                        .embedded())
                .isFalse();
        rejects(
                c -> c.withStorage(new StorageConfig("mysql://db/potluck")),
                "config key 'storage.url' has value \"mysql://db/potluck\": expected empty (SQLite in data_dir), jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE");
    }

    @Test
    void nodesNeedAnHttpUrlAndBothOrNeitherCredential() {
        rejects(
                c -> c.withNodes(List.of(new NodeConfig("127.0.0.1:8332", null, null, null, null))),
                "config key 'node[0].url' has value \"127.0.0.1:8332\": expected an http:// URL of the node's RPC, e.g. http://127.0.0.1:8332");
        rejects(
                c -> c.withNodes(List.of(new NodeConfig("http://a:1", "rpc", null, null, null))),
                "config key 'node[0].password' has value null: expected set both node.user and node.password, or neither (then the cookie file is used)");
        rejects(
                c -> c.withNodes(List.of()),
                "config key 'node' has value \"[]\": expected at least one [[node]] with a url");
    }

    @Test
    void theNetworkMustBeKnown() {
        rejects(
                c -> c.withNetwork("mainnet2"),
                "config key 'network' has value \"mainnet2\": expected one of " + PoolConfig.NETWORKS);
    }
}
