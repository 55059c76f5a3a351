package org.potluck.node;

import java.nio.file.Path;
import java.util.Objects;

/** How to authenticate to a node's JSON-RPC interface. */
public sealed interface RpcAuth permits RpcAuth.CookieFile, RpcAuth.UserPassword {

    /**
     * Bitcoin Core's {@code .cookie} file ({@code __cookie__:password}). Core rewrites it on every restart, so the
     * client re-reads it whenever the node answers 401.
     */
    record CookieFile(Path path) implements RpcAuth {
        public CookieFile {
            Objects.requireNonNull(path, "cookie path");
        }
    }

    /** {@code rpcuser}/{@code rpcpassword} or {@code rpcauth}; bcoin accepts any user with its API key as password. */
    record UserPassword(String user, String password) implements RpcAuth {
        public UserPassword {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "UserPassword[user=" + user + ", password=***]";
        }
    }
}
