package org.potluck.config;

import java.util.Locale;

/**
 * A listening socket that could not be opened, told in the operator's terms: which port or address, for what, and
 * which config key and environment variable change it. Netty's own words ("bind(..) failed with error(-98)") name
 * none of that.
 */
public final class CannotListenException extends IllegalStateException {
    private CannotListenException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param section "stratum" or "web": the config section whose {@code host} and {@code port} were used
     * @param what    what the socket is for, e.g. "miners" or "the dashboard"
     * @return the failure explained when it is a bind failure, or null when it is something else
     */
    public static CannotListenException explain(Throwable failure, String section, String what, String host, int port) {
        String reason = bindReason(failure);
        if (reason == null) {
            return null;
        }
        String portKeys = "(" + section + ".port; " + EnvironmentVariables.of(section + ".port") + ")";
        String hostKeys = "(" + section + ".host; " + EnvironmentVariables.of(section + ".host") + ")";
        String message = switch (reason) {
            case "in use" ->
                "port " + port + " is in use " + portKeys + ": another program (or another pool) listens on "
                        + "it; stop it or choose another port for " + what;
            case "denied" ->
                "port " + port + " needs privileges to listen on " + portKeys + ": choose a port above 1023 for " + what
                        + ", or give the JVM CAP_NET_BIND_SERVICE";
            case "not here" ->
                "cannot listen for " + what + " on " + host + " " + hostKeys + ": it is not an address of this "
                        + "machine; use \"0.0.0.0\" for every address, or one that `ip addr` lists";
            default ->
                "cannot listen for " + what + " on " + host + ":" + port + " " + hostKeys + " " + portKeys + ": "
                        + reason;
        };
        return new CannotListenException(message, failure);
    }

    /** The kind of bind failure somewhere in the cause chain, or null when there is none. */
    private static String bindReason(Throwable failure) {
        boolean bind = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("address already in use")) {
                return "in use";
            }
            if (m.contains("permission denied")) {
                return "denied";
            }
            if (m.contains("cannot assign requested address")) {
                return "not here";
            }
            bind |= t instanceof java.net.BindException || m.contains("bind(");
            if (t.getCause() == t) {
                break;
            }
        }
        return bind ? String.valueOf(failure.getMessage()) : null;
    }
}
