package org.potluck.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.Charset;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.potluck.accounting.PplnsWindow;
import org.potluck.cli.config.ConfigLoader;
import org.potluck.node.CookieLocator;
import org.potluck.node.RpcAuth;
import org.potluck.pool.config.PoolConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Asks the few questions a first pool needs and writes a config file that {@code potluck run} accepts. Every question
 * has a flag, so scripts and tests answer without a console; {@code --yes} takes the default for the rest.
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = "Ask a few questions and write a working config file (default potluck.toml).")
final class InitCommand implements Callable<Integer> {
    /** Networks offered, most common first; the first one with a node cookie on this machine is the default. */
    static final List<String> NETWORKS = List.of("main", "testnet4", "signet", "testnet", "regtest");
    /** Regtest's proof-of-work limit; its difficulty never moves (no retargeting on regtest). */
    private static final int REGTEST_BITS = 0x207fffff;

    @Option(
            names = "--output",
            defaultValue = "potluck.toml",
            description = "file to write (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--force", description = "overwrite the file if it exists")
    boolean force;

    @Option(names = "--yes", description = "ask nothing: take the default for every question not given by a flag")
    boolean yes;

    @Option(
            names = "--network",
            description = "main (or mainnet), testnet4, signet, testnet (or testnet3, test), "
                    + "regtest (Bitcoin Core's) or bcoin-regtest (the demo's node)")
    String network;

    @Option(names = "--node-url", description = "the node's RPC URL (default: 127.0.0.1 with the network's RPC port)")
    String nodeUrl;

    @Option(names = "--cookie", description = "the node's .cookie file (default: found in the usual data directories)")
    String cookie;

    @Option(names = "--rpc-user", description = "RPC user, instead of the cookie")
    String rpcUser;

    @Option(names = "--rpc-password", description = "RPC password, with --rpc-user")
    String rpcPassword;

    @Option(names = "--scheme", description = "payout scheme: solo or pplns")
    String scheme;

    @Option(names = "--fee-bp", description = "operator fee in basis points (100 = 1%%)")
    Integer feeBasisPoints;

    @Option(names = "--fee-address", description = "where the fee goes: an address, xpub or descriptor")
    String feeAddress;

    @Option(names = "--stratum-port", description = "port miners connect to")
    Integer stratumPort;

    @Option(names = "--web-port", description = "dashboard and metrics port")
    Integer webPort;

    @Option(names = "--data-dir", description = "where the journal and database live")
    String dataDir;

    @Option(
            names = "--skip-node-check",
            description = "write the file without asking the node first (e.g. for a node "
                    + "that is not running yet); by default init refuses to write a config its node does not accept")
    boolean skipNodeCheck;

    @Spec
    CommandSpec spec;

    private final BufferedReader in;
    private PrintWriter out;

    InitCommand() {
        this(new InputStreamReader(System.in, Charset.defaultCharset()));
    }

    /** For tests: answers come from {@code answers}, one per line. */
    InitCommand(Reader answers) {
        this.in = new BufferedReader(answers);
    }

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        if (Files.exists(output) && !force) {
            throw new FileAlreadyExistsException(
                    output.toString(), null, "already exists: use --force to overwrite it, or --output FILE");
        }
        if (!yes) {
            out.println("Potluck set-up: press Enter to take the value in [brackets].");
        }
        String net = answer(
                network,
                "Bitcoin network (" + String.join(", ", NETWORKS) + ")",
                defaultNetwork(),
                InitCommand::network);
        String url = answer(nodeUrl, "Node RPC URL", "http://127.0.0.1:" + rpcPort(net), InitCommand::nodeUrl);

        String user = rpcUser;
        String password = rpcPassword;
        String cookiePath = cookie;
        if (user == null && cookiePath == null) {
            Optional<Path> found = CookieLocator.find(chain(net));
            if (found.isPresent()) {
                cookiePath = found.get().toString();
                out.println("Found the node's cookie: " + cookiePath);
            } else {
                out.println("No node cookie found in " + CookieLocator.candidates(chain(net)) + ".");
                user = blankToNull(answer(
                        null,
                        skipNodeCheck
                                ? "RPC user (empty: the pool looks for the cookie when it starts)"
                                : "RPC user (empty: none, and then the node cannot be checked)",
                        "",
                        s -> s));
            }
        }
        if (user != null && password == null) {
            password = answer(null, "RPC password for " + user, "", InitCommand::required);
        }
        if (!skipNodeCheck) {
            checkNode(net, url, user, password, cookiePath);
        }

        String payoutScheme = answer(
                scheme,
                "Payout scheme: solo (each miner keeps the blocks it finds) or pplns (blocks shared by recent work)",
                "solo",
                InitCommand::scheme);
        int fee = answer(
                feeBasisPoints == null ? null : feeBasisPoints.toString(),
                "Operator fee in basis points (100 = 1%)",
                "0",
                s -> range(s, 0, 10_000));
        String feeTo = null;
        if (fee > 0) {
            feeTo = answer(feeAddress, "Fee address (an address, xpub or descriptor)", null, InitCommand::required);
        }
        int stratum = answer(
                stratumPort == null ? null : stratumPort.toString(),
                "Stratum port for miners",
                "3333",
                s -> range(s, 0, 65_535));
        int web =
                answer(webPort == null ? null : webPort.toString(), "Dashboard port", "8080", s -> range(s, 0, 65_535));
        String data = dataDir == null ? "potluck-data" : dataDir;

        String toml = toml(net, data, stratum, url, user, password, cookiePath, payoutScheme, fee, feeTo, web);
        ConfigLoader.parse(toml, Map.of()); // what we write must be what run accepts
        write(toml);
        if (regtest(net)) {
            out.printf(
                    "Regtest: shares start at difficulty %s, sized for CPU miners%s.%n",
                    PoolConfig.REGTEST_START_DIFFICULTY,
                    payoutScheme.equals("pplns")
                            ? "; the PPLNS window is window_multiplier = "
                                    + PoolConfig.PayoutConfig.REGTEST_WINDOW_MULTIPLIER
                                    + " times regtest's tiny network difficulty, "
                                    + "about " + regtestWindowShares()
                                    + " shares at that difficulty, so every miner of the last "
                                    + "minutes shares each block (the default 8 would hold a single share)"
                            : "");
        }
        if (skipNodeCheck) {
            out.printf("The node at %s was not checked (--skip-node-check).%n", url);
        }
        out.printf("Wrote %s. Start the pool with: ./potluck run --config %s%n", output, output);
        out.printf(
                "Miners connect to stratum+tcp://THIS-MACHINE:%d with their address as the user name; the dashboard is "
                        + "on http://THIS-MACHINE:%d/. Every other option is in docs/potluck.example.toml.%n",
                stratum, web);
        out.flush();
        return 0;
    }

    /**
     * A flag's value if given, else the default under --yes, else the person's answer (Enter = default), asked again
     * until {@code parse} accepts it. A flag that {@code parse} refuses stops the command: nobody is there to re-ask.
     */
    private <T> T answer(String flag, String question, String fallback, Function<String, T> parse) {
        if (flag != null) {
            return parse.apply(flag);
        }
        if (yes) {
            if (fallback == null) {
                throw new IllegalArgumentException(question + ": there is no default, give it as a flag");
            }
            return parse.apply(fallback);
        }
        while (true) {
            out.print(question + (fallback == null || fallback.isEmpty() ? "" : " [" + fallback + "]") + ": ");
            out.flush();
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (line == null) {
                // The input ended (piped answers ran out): the defaults stand in, or there is no way on.
                if (fallback == null) {
                    throw new IllegalArgumentException(question + ": no answer and no default");
                }
                out.println();
                return parse.apply(fallback);
            }
            String text = line.strip().isEmpty() && fallback != null ? fallback : line.strip();
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                out.println("  " + e.getMessage());
            }
        }
    }

    /** Refuses, naming the problem, when the node would not serve the pool this config describes. */
    private void checkNode(String net, String url, String user, String password, String cookiePath) {
        RpcAuth auth;
        if (user != null) {
            auth = new RpcAuth.UserPassword(user, password);
        } else if (cookiePath != null) {
            auth = new RpcAuth.CookieFile(Path.of(cookiePath));
        } else {
            throw new NodeCheck.Failed("no RPC cookie found in " + CookieLocator.candidates(chain(net))
                    + " and no RPC user given: start the node first (it writes the cookie when it starts), or give "
                    + "--cookie FILE, or --rpc-user and --rpc-password; --skip-node-check writes the file anyway. Nothing "
                    + "was written.");
        }
        try {
            NodeCheck.Ready ready = NodeCheck.check(net, url, auth);
            out.println("The node at " + url + " answers: " + ready.describe() + ".");
        } catch (NodeCheck.Failed e) {
            throw new NodeCheck.Failed(
                    e.getMessage() + ". Nothing was written; --skip-node-check writes the file anyway.");
        }
    }

    private static boolean regtest(String network) {
        return network.equals("regtest") || network.equals("bcoin-regtest");
    }

    /** How many shares of the regtest start difficulty the regtest PPLNS window holds. */
    static long regtestWindowShares() {
        return PplnsWindow.windowSize(
                        BigDecimal.valueOf(PoolConfig.PayoutConfig.REGTEST_WINDOW_MULTIPLIER), REGTEST_BITS)
                .divide(BigDecimal.valueOf(PoolConfig.REGTEST_START_DIFFICULTY), MathContext.DECIMAL64)
                .longValue();
    }

    private static String defaultNetwork() {
        return NETWORKS.stream()
                .filter(n -> CookieLocator.find(chain(n)).isPresent())
                .findFirst()
                .orElse("main");
    }

    private static String network(String s) {
        if (!NETWORKS.contains(s) && !PoolConfig.NETWORKS.contains(s)) {
            throw new IllegalArgumentException("network \"" + s + "\": expected one of " + NETWORKS);
        }
        return s;
    }

    /** Bitcoin Core's default RPC port per network (bcoin's for its regtest). */
    static int rpcPort(String network) {
        return switch (network) {
            case "test", "testnet", "testnet3" -> 18332;
            case "testnet4", "bcoin-regtest" -> 48332;
            case "signet" -> 38332;
            case "regtest" -> 18443;
            default -> 8332;
        };
    }

    /** CookieLocator's chain name: it knows every alias of Core's networks; bcoin regtest looks where regtest does. */
    private static String chain(String network) {
        return network.equals("bcoin-regtest") ? "regtest" : network;
    }

    private static String nodeUrl(String s) {
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new IllegalArgumentException("node URL \"" + s + "\": expected http://HOST:PORT");
        }
        return s;
    }

    private static String scheme(String s) {
        if (!PoolConfig.PayoutConfig.SCHEMES.contains(s)) {
            throw new IllegalArgumentException("scheme \"" + s + "\": expected solo or pplns");
        }
        return s;
    }

    private static String required(String s) {
        if (s.isBlank()) {
            throw new IllegalArgumentException("an answer is needed here");
        }
        return s;
    }

    private static int range(String s, int min, int max) {
        try {
            int v = Integer.parseInt(s.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("\"" + s + "\": expected a whole number from " + min + " to " + max);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String toml(
            String network,
            String dataDir,
            int stratumPort,
            String url,
            String user,
            String password,
            String cookie,
            String scheme,
            int fee,
            String feeAddress,
            int webPort) {
        boolean regtest = regtest(network);
        var t = new StringBuilder();
        t.append("# Written by `potluck init`. Every option, with its default, is in docs/potluck.example.toml;\n");
        t.append("# any key can be overridden by an environment variable such as POTLUCK_STRATUM_PORT.\n");
        t.append("network = ").append(quote(network)).append('\n');
        t.append("data_dir = ").append(quote(dataDir)).append("\n\n");
        t.append("[stratum]\nport = ").append(stratumPort).append('\n');
        if (regtest) {
            // The default 1024 would keep a CPU miner from ever finding a share; see
            // PoolConfig.REGTEST_START_DIFFICULTY.
            t.append("# Regtest: sized for CPU miners (the defaults, 1024 and 0.001, are for ASICs).\n");
            t.append("start_difficulty = ")
                    .append(PoolConfig.REGTEST_START_DIFFICULTY)
                    .append('\n');
            t.append("min_difficulty = ")
                    .append(PoolConfig.REGTEST_MIN_DIFFICULTY)
                    .append('\n');
        }
        t.append('\n');
        t.append("[[node]]\nurl = ").append(quote(url)).append('\n');
        if (user != null) {
            t.append("user = ")
                    .append(quote(user))
                    .append("\npassword = ")
                    .append(quote(password))
                    .append('\n');
        } else if (cookie != null) {
            t.append("cookie = ").append(quote(cookie)).append('\n');
        } else {
            t.append("# No cookie was found when this was written: the pool looks for it again when it starts.\n");
        }
        t.append("# For instant new-block news, start bitcoind with -zmqpubhashblock=tcp://127.0.0.1:28332 and add:\n");
        t.append("# zmq_hashblock = \"tcp://127.0.0.1:28332\"\n\n");
        t.append("[payout]\nscheme = ").append(quote(scheme)).append('\n');
        t.append("fee_basis_points = ").append(fee).append('\n');
        if (regtest && scheme.equals("pplns")) {
            t.append(
                    "# Regtest's network difficulty is about 4.7e-10, so the default window (8 times that) would hold one\n");
            t.append("# share and pay only its miner. This one holds about ")
                    .append(regtestWindowShares())
                    .append(" shares of difficulty ")
                    .append(PoolConfig.REGTEST_START_DIFFICULTY)
                    .append(".\n");
            t.append("window_multiplier = ")
                    .append(PoolConfig.PayoutConfig.REGTEST_WINDOW_MULTIPLIER)
                    .append('\n');
        }
        if (feeAddress != null) {
            t.append("fee_address = ").append(quote(feeAddress)).append('\n');
        }
        t.append("\n[web]\nport = ").append(webPort).append('\n');
        return t.toString();
    }

    /** A TOML basic string: backslash, quote and control characters escaped. */
    static String quote(String s) {
        var q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private void write(String toml) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, ".potluck-init-", ".toml");
        try {
            // The file may hold an RPC password: readable by its owner only, where the file system allows.
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            Files.writeString(temp, toml, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
