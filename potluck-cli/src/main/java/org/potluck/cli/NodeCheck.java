package org.potluck.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.potluck.node.ChainInfo;
import org.potluck.node.NodeEndpoint;
import org.potluck.node.NodeRpc;
import org.potluck.node.NodeUnavailableException;
import org.potluck.node.RpcAuth;
import org.potluck.node.RpcException;

/**
 * What {@code potluck init} asks the node before it writes a config: does it answer, does it take these credentials,
 * and does it run the network the config names. A config that cannot reach its node would only fail later, in
 * {@code potluck run}, far from the question that got it wrong.
 */
final class NodeCheck {
    /** Long enough for a busy node on a small machine; short enough that a wrong address is not a long wait. */
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private NodeCheck() {}

    /** The node answered, runs the expected chain, and may still be catching up. */
    record Ready(ChainInfo chain) {
        String describe() {
            String at = "chain " + chain.chain() + ", block " + chain.blocks();
            if (!chain.initialBlockDownload()) {
                return at;
            }
            return at
                    + String.format(
                            Locale.ROOT,
                            ", still in initial block download (%.1f%% verified): the pool hands "
                                    + "out work as soon as the node has caught up",
                            chain.verificationProgress() * 100);
        }
    }

    /** The node is unusable with this config; the message says what is wrong and what to change. */
    static final class Failed extends IllegalStateException {
        Failed(String message) {
            super(message);
        }
    }

    /**
     * Asks {@code getblockchaininfo} with the credentials the config will hold.
     *
     * @throws Failed naming the problem: no answer, credentials refused, another network, or not a node's RPC
     */
    static Ready check(String network, String url, RpcAuth auth) {
        var endpoint = new NodeEndpoint(URI.create(url), auth, null);
        ChainInfo info;
        try (var rpc = new NodeRpc(endpoint, TIMEOUT)) {
            info = rpc.getBlockchainInfo();
        } catch (NodeUnavailableException e) {
            throw new Failed(e.getMessage() + hint(e, network, auth));
        } catch (RpcException e) {
            throw new Failed(url + " answered getblockchaininfo with an error (" + e.rpcMessage()
                    + "): is this a Bitcoin node's RPC port?");
        }
        String expected = chainOf(network);
        if (!expected.equals(info.chain())) {
            throw new Failed("the node at " + url + " runs chain \"" + info.chain()
                    + "\", but the config is for network \""
                    + network + "\" (chain \"" + expected
                    + "\"): choose --network to match the node, or point --node-url "
                    + "at a node of that network (its default RPC port is " + InitCommand.rpcPort(network) + ")");
        }
        return new Ready(info);
    }

    /** What Bitcoin Core's getblockchaininfo calls each network of the config (bcoin says "regtest" too). */
    static String chainOf(String network) {
        return switch (network) {
            case "main", "mainnet" -> "main";
            case "test", "testnet", "testnet3" -> "test";
            case "regtest", "bcoin-regtest" -> "regtest";
            default -> network;
        };
    }

    private static String hint(NodeUnavailableException e, String network, RpcAuth auth) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("rejected the RPC credentials")) {
            return auth instanceof RpcAuth.CookieFile
                    ? " (a cookie from another node or an old run: give --cookie FILE, or --rpc-user and --rpc-password)"
                    : " (the password is wrong, or the node has no such user: compare rpcuser/rpcpassword or rpcauth in"
                            + " bitcoin.conf)";
        }
        if (message.contains("cannot read RPC cookie")) {
            return "";
        }
        return " (is the node running with server=1, on this network (" + network + ", RPC port "
                + InitCommand.rpcPort(network) + " by default), and is --node-url right?)";
    }
}
