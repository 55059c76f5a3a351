package org.potluck.node;

import java.net.URI;
import java.util.Objects;

/**
 * Where one node is and how to talk to it.
 *
 * @param rpcUrl       JSON-RPC URL, e.g. {@code http://127.0.0.1:8332/}
 * @param auth         credentials
 * @param zmqHashBlock the node's {@code -zmqpubhashblock} address, e.g. {@code tcp://127.0.0.1:28332}; null if none
 */
public record NodeEndpoint(URI rpcUrl, RpcAuth auth, String zmqHashBlock) {
    public NodeEndpoint {
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        Objects.requireNonNull(auth, "auth");
        String scheme = rpcUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("node RPC URL must be http(s)://host:port, got " + rpcUrl);
        }
        if (zmqHashBlock != null && zmqHashBlock.isBlank()) {
            zmqHashBlock = null;
        }
    }

    /** Short human name for logs: host:port of the RPC URL. */
    public String name() {
        return rpcUrl.getPort() < 0 ? rpcUrl.getHost() : rpcUrl.getHost() + ":" + rpcUrl.getPort();
    }
}
