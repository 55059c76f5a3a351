package org.potluck.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.potluck.pool.stratum.StratumAssertions.assertError;
import static org.potluck.pool.stratum.TestStratumConfig.MAX_DIFFICULTY;
import static org.potluck.pool.stratum.TestStratumConfig.MIN_DIFFICULTY;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.potluck.pool.LoginRefusal;
import org.potluck.pool.RegtestPool;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** Rules of a miner's session outside the share checks: difficulty requests, authorization, extranonce1, methods. */
class SessionRulesTest {
    @RegisterExtension
    static final RegtestPoolExtension POOL = RegtestPoolExtension.withTinyDifficulty();

    @Test
    void suggestDifficultyBeforeAuthorizeSetsTheFirstDifficulty() throws Exception {
        assertThat(firstDifficultyAfterSuggesting(0.000002)).isEqualTo(0.000002);
    }

    @Test
    void suggestDifficultyBeforeAuthorizeIsClampedToTheMaximum() throws Exception {
        assertThat(firstDifficultyAfterSuggesting(1000))
                .isEqualTo(MAX_DIFFICULTY); // ESP-Miner's default, as an integer
    }

    @Test
    void suggestDifficultyAfterAuthorizeIsClampedToTheMinimumAndFollowedByANotify() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), RegtestPool.newAddress())) {
            miner.nextWork();
            assertThat(miner.call("mining.suggest_difficulty", 1e-12)
                            .get("result")
                            .asBoolean())
                    .isTrue();
            assertThat(miner.nextNotification().get("method").asString()).isEqualTo("mining.set_difficulty");
            assertThat(miner.difficulty).isEqualTo(MIN_DIFFICULTY);
            assertThat(miner.nextNotification().get("method").asString()).isEqualTo("mining.notify");
        }
    }

    @Test
    void suggestDifficultyAsADecimalStringIsHonoured() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), RegtestPool.newAddress())) {
            miner.nextWork();
            assertThat(miner.call("mining.suggest_difficulty", "0.000003")
                            .get("result")
                            .asBoolean())
                    .isTrue();
            assertThat(miner.nextWork().difficulty()).isEqualTo(0.000003);
        }
    }

    @Test
    void suggestDifficultyThatIsNotAPositiveNumberIsAnErrorWithTheReason() throws Exception {
        try (var miner = new ScriptedMiner(POOL.port())) {
            assertError(miner.call("mining.suggest_difficulty", "lots"), 20, "expected a number, got \"lots\"");
            assertError(miner.call("mining.suggest_difficulty", -5), 20, "difficulty must be a positive number");
            assertError(miner.call("mining.suggest_difficulty"), 20, "expected [difficulty]");
        }
    }

    @Test
    void authorizeWithAnInvalidAddressIsFalseWithAMessage() throws Exception {
        try (var miner = new ScriptedMiner(POOL.port())) {
            miner.subscribe("test-miner/1.0");
            JsonNode reply = miner.call("mining.authorize", "not-an-address.rig", "x");
            assertThat(reply.get("result").asBoolean(true)).isFalse();
            assertThat(reply.get("error").get(0).asInt()).isEqualTo(24);
            assertThat(reply.get("error").get(1).asString()).contains("payout address", "not-an-address");
            // A mainnet address (BIP173 test vector) cannot be paid on regtest either.
            JsonNode mainnet = miner.call("mining.authorize", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "x");
            assertThat(mainnet.get("result").asBoolean(true)).isFalse();
            assertThat(miner.call("mining.authorize", RegtestPool.newAddress() + ".rig", "x")
                            .get("result")
                            .asBoolean())
                    .isTrue();
        }
    }

    @Test
    void refusedLoginIsNotARejectedShareAndIsLoggedOncePerConnectionEscaped() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(Sv1Session.class);
        logger.addAppender(log);
        String user = "not-an-address-" + System.nanoTime() + "\nINFO forged line.rig";
        try {
            for (int connection = 0; connection < 2; connection++) {
                try (var miner = new ScriptedMiner(POOL.port())) {
                    miner.subscribe("test-miner/1.0");
                    for (int attempt = 0; attempt < 5; attempt++) {
                        assertError(miner.call("mining.authorize", user, "x"), 24, "payout address");
                    }
                }
            }
            var events = POOL.get().events;
            String logged = LogSafe.text(user); // the name as the pool keeps it: control characters escaped on entry
            // The listener hears of a refusal just after the miner is answered: wait for the tenth.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> events.refusedLogins.stream()
                                    .filter(r -> r.user().equals(logged))
                                    .count()
                            == 10);
            assertThat(events.refusedLogins.stream().filter(r -> r.user().equals(logged)))
                    .allSatisfy(r -> assertThat(r.reason()).isEqualTo(LoginRefusal.NOT_AN_ADDRESS));
            assertThat(events.rejected.stream().filter(r -> logged.equals(r.user())))
                    .as("no share was submitted")
                    .isEmpty();
            List<String> lines = log.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m ->
                            m.contains("login refused") && m.contains("not_an_address") && m.contains("forged line"))
                    .toList();
            assertThat(lines)
                    .as("one line per connection, however often it retries")
                    .hasSize(2)
                    .allSatisfy(m -> assertThat(m).doesNotContain("\n").contains("\\nINFO forged line"));
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void extranonce1IsUniquePerConnection() throws Exception {
        List<ScriptedMiner> miners = new ArrayList<>();
        try {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                var miner = new ScriptedMiner(POOL.port());
                miners.add(miner);
                miner.subscribe("test-miner/1.0");
                assertThat(miner.extranonce1).matches("[0-9a-f]{8}");
                seen.add(miner.extranonce1);
            }
            assertThat(seen).hasSize(40);
        } finally {
            for (var m : miners) {
                m.close();
            }
        }
    }

    @Test
    void unknownMethodGetsAnErrorNeverSilence() throws Exception {
        try (var miner = new ScriptedMiner(POOL.port())) {
            assertError(miner.call("mining.frobnicate", 1, 2), 20, "unknown method \"mining.frobnicate\"");
        }
    }

    @Test
    void repliesCarryTheRequestsIdWhateverItsType() throws Exception {
        try (var miner = new ScriptedMiner(POOL.port())) {
            miner.sendLine("{\"id\":\"sub-1\",\"method\":\"mining.subscribe\",\"params\":[]}");
            assertThat(miner.client.readLine().get("id").asString()).isEqualTo("sub-1");
            miner.sendLine("{\"id\":null,\"method\":\"mining.nope\",\"params\":[]}");
            JsonNode answer = miner.client.readLine();
            assertThat(answer.get("id").isNull()).isTrue();
            assertThat(answer.get("error").get(0).asInt()).isEqualTo(20);
        }
    }

    @Test
    void vardiffRaisesAFastMinersDifficultyAndEverySetDifficultyIsFollowedByANotify() throws Exception {
        try (var miner = ScriptedMiner.ready(POOL.port(), RegtestPool.newAddress())) {
            String user = miner.user();
            Work work = miner.nextWork();
            for (int i = 0; i < 6; i++) {
                var share = ShareGrinder.validShare(work, i);
                assertThat(miner.submit(user, work, share).get("result").asBoolean())
                        .isTrue();
                work = miner.nextCleanWork(); // every regtest share is a block
            }
            assertThat(work.difficulty()).isEqualTo(MAX_DIFFICULTY);
            List<String> methods = new ArrayList<>();
            miner.client.received.stream()
                    .filter(n -> n.has("method"))
                    .forEach(n -> methods.add(n.get("method").asString()));
            for (int i = 0; i < methods.size(); i++) {
                if (methods.get(i).equals("mining.set_difficulty")) {
                    assertThat(methods.get(i + 1))
                            .as("message after set_difficulty #%d in %s", i, methods)
                            .isEqualTo("mining.notify");
                }
            }
        }
    }

    /** Subscribes, suggests a difficulty, then authorizes: returns the difficulty of the first set_difficulty. */
    private static double firstDifficultyAfterSuggesting(double suggested) throws Exception {
        try (var miner = new ScriptedMiner(POOL.port())) {
            miner.subscribe("test-miner/1.0");
            Object value = suggested == Math.rint(suggested) ? (Object) (long) suggested : suggested;
            assertThat(miner.call("mining.suggest_difficulty", value)
                            .get("result")
                            .asBoolean())
                    .isTrue();
            assertThat(miner.call("mining.authorize", RegtestPool.newAddress(), "x")
                            .get("result")
                            .asBoolean())
                    .isTrue();
            Work work = miner.nextWork();
            return work.difficulty();
        }
    }
}
