package org.potluck.node;

import java.net.URI;
import java.nio.file.Path;
import org.potluck.config.ConfigException;

/**
 * One {@code [[node]]} of the failover list, as the operator wrote it; cookie null = look in the usual data directory
 * for the network.
 */
public record NodeConfig(String url, String user, String password, String cookie, String zmqHashBlock) {

    /** @param index this node's place in the list, from 0, to name the key at fault as {@code node[index].url} */
    public void validate(int index) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new ConfigException(
                    "node[" + index + "].url", url, "an http:// URL of the node's RPC, e.g. http://127.0.0.1:8332");
        }
        if ((user == null) != (password == null)) {
            String missing = user == null ? "user" : "password";
            throw new ConfigException(
                    "node[" + index + "]." + missing,
                    null,
                    "set both node.user and node.password, or neither (then the cookie file is used)");
        }
        if (zmqHashBlock != null && !zmqHashBlock.startsWith("tcp://")) {
            throw new ConfigException(
                    "node[" + index + "].zmq_hashblock",
                    zmqHashBlock,
                    "a tcp:// address matching the node's -zmqpubhashblock, e.g. tcp://127.0.0.1:28332");
        }
    }

    /** Where this node is and how to log in: user and password, else the cookie file named, else the network's usual one. */
    public NodeEndpoint endpoint(String network) {
        RpcAuth auth;
        if (user != null && password != null) {
            auth = new RpcAuth.UserPassword(user, password);
        } else if (cookie != null) {
            auth = new RpcAuth.CookieFile(Path.of(cookie));
        } else {
            // CookieLocator knows the network names and their aliases (mainnet, testnet3, ...) itself.
            Path found = CookieLocator.find(network)
                    .orElseThrow(() -> new ConfigException(
                            "node.cookie",
                            null,
                            "a cookie file or node.user/node.password: none found in "
                                    + CookieLocator.candidates(network)));
            auth = new RpcAuth.CookieFile(found);
        }
        return new NodeEndpoint(URI.create(url), auth, zmqHashBlock);
    }
}
