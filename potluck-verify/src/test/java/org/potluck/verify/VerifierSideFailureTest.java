package org.potluck.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.potluck.node.RegtestNode;
import org.potluck.web.LiveStreams;
import org.potluck.web.WebServer;
import org.potluck.web.api.PublicApiRoutes;

/**
 * A failure on the verifier's own side (its node unreachable, refusing its password, or behind the pool's blocks; the
 * pool unreachable) is "could not verify", exit 2: never a mismatch charged to an honest pool. The node is a real
 * bcoin regtest node; the pool serves an honest history whose blocks that node has never seen.
 */
class VerifierSideFailureTest {
    private static RegtestNode node;

    @TempDir
    Path dir;

    private WebServer pool;
    private LiveStreams streams;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startNode(@TempDir Path logs) throws IOException {
        node = RegtestNode.start(RegtestNode.defaultInstallDir(), logs.resolve("node.log"));
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.close();
            streams.close();
        }
    }

    private URI honestPool() {
        streams = LiveStreams.withDefaults();
        pool = new WebServer(List.of(new PublicApiRoutes(new ServedHistory(PoolHistory.honest()), streams)))
                .start("127.0.0.1", 0);
        return URI.create("http://127.0.0.1:" + pool.port());
    }

    private int verify(URI pool, URI node) {
        VerifyOptions options = VerifyOptions.once(pool, dir.resolve("verify.sqlite"));
        if (node != null) {
            options = options.withNode(node, null);
        }
        return new Verifier(options, new PrintStream(out, true, StandardCharsets.UTF_8))
                .runAndReport(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void wrongPasswordForTheMinersOwnNodeIsCouldNotVerifyNotAMismatch() {
        URI wrongPassword = URI.create("http://potluck:not-" + node.apiKey() + "@127.0.0.1:" + node.rpcPort() + "/");

        int exit = verify(honestPool(), wrongPassword);

        assertThat(exit).as(printed()).isEqualTo(Verdict.EXIT_UNVERIFIABLE);
        assertThat(printed())
                .contains("could not verify")
                .contains("refused the credentials")
                .doesNotContain("MISMATCH")
                .doesNotContain("VERDICT: FAILED");
    }

    @Test
    void minersOwnNodeBehindThePoolsBlocksIsCouldNotVerifyNotAMismatch() {
        URI rightPassword = URI.create("http://potluck:" + node.apiKey() + "@127.0.0.1:" + node.rpcPort() + "/");

        int exit = verify(honestPool(), rightPassword);

        // The fresh node is at height 0; the pool's blocks are at 101 and 102.
        assertThat(exit).as(printed()).isEqualTo(Verdict.EXIT_UNVERIFIABLE);
        assertThat(printed())
                .contains("could not check: block")
                .contains("behind this block's height 101")
                .contains("VERDICT: COULD NOT VERIFY")
                .doesNotContain("MISMATCH");
    }

    @Test
    void unreachableOwnNodeIsCouldNotVerify() throws IOException {
        int exit = verify(honestPool(), URI.create("http://user:pass@127.0.0.1:" + closedPort() + "/"));

        assertThat(exit).as(printed()).isEqualTo(Verdict.EXIT_UNVERIFIABLE);
        assertThat(printed())
                .contains("could not verify")
                .contains("cannot reach your node")
                .doesNotContain("MISMATCH");
    }

    @Test
    void unreachablePoolIsCouldNotVerify() throws IOException {
        int exit = verify(URI.create("http://127.0.0.1:" + closedPort()), null);

        assertThat(exit).as(printed()).isEqualTo(Verdict.EXIT_UNVERIFIABLE);
        assertThat(printed()).contains("could not verify").contains("cannot reach the pool");
    }
}
