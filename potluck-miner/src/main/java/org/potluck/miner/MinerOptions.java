package org.potluck.miner;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Everything a {@link CpuMiner} needs to know before it connects.
 *
 * @param suggestDifficulty sent as {@code mining.suggest_difficulty} after a successful authorize; 0 means don't send
 * @param versionRolling    negotiate BIP310 version rolling with {@code mining.configure} before subscribing
 * @param versionBitsForm   how rolled version bits are submitted (BIP310's unless told otherwise)
 */
public record MinerOptions(
        String host,
        int port,
        String user,
        String password,
        int threads,
        double suggestDifficulty,
        boolean versionRolling,
        String userAgent,
        VersionBitsForm versionBitsForm) {

    public static final String DEFAULT_USER_AGENT = "potluck-cpuminer/0.1";
    private static final String SCHEME = "stratum+tcp";

    public MinerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("pool host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("pool port " + port + " is outside 1..65535");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user is empty; expected ADDRESS or ADDRESS.worker");
        }
        if (password == null) {
            password = "x"; // pools ignore it, but the protocol wants a string
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!(suggestDifficulty >= 0) || Double.isInfinite(suggestDifficulty)) {
            throw new IllegalArgumentException(
                    "suggested difficulty must be a finite number >= 0 (0 = don't send), got " + suggestDifficulty);
        }
        if (userAgent == null || userAgent.isBlank()) {
            userAgent = DEFAULT_USER_AGENT;
        }
        if (versionBitsForm == null) {
            versionBitsForm = VersionBitsForm.BIP310;
        }
    }

    public MinerOptions(
            String host,
            int port,
            String user,
            String password,
            int threads,
            double suggestDifficulty,
            boolean versionRolling,
            String userAgent) {
        this(host, port, user, password, threads, suggestDifficulty, versionRolling, userAgent, VersionBitsForm.BIP310);
    }

    /** The same options, submitting version bits in another firmware's form. */
    public MinerOptions withVersionBitsForm(VersionBitsForm form) {
        return new MinerOptions(
                host, port, user, password, threads, suggestDifficulty, versionRolling, userAgent, form);
    }

    /** Options for a pool given as {@code stratum+tcp://HOST:PORT}; a null userAgent means the default. */
    public static MinerOptions parseUrl(
            String url,
            String user,
            String password,
            int threads,
            double suggestDifficulty,
            boolean versionRolling,
            String userAgent) {
        Endpoint endpoint = parseEndpoint(url);
        return new MinerOptions(
                endpoint.host(),
                endpoint.port(),
                user,
                password,
                threads,
                suggestDifficulty,
                versionRolling,
                userAgent);
    }

    /** Where a pool listens. */
    public record Endpoint(String host, int port) {}

    /** Parses {@code stratum+tcp://HOST:PORT} (IPv6 hosts in brackets); anything else is rejected with the reason. */
    public static Endpoint parseEndpoint(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("pool URL is empty; expected stratum+tcp://HOST:PORT");
        }
        String trimmed = url.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("pool URL '" + url + "' is not a valid URL: " + e.getReason(), e);
        }
        if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase(SCHEME)) {
            throw new IllegalArgumentException(
                    "pool URL '" + url + "' must start with " + SCHEME + "://; expected stratum+tcp://HOST:PORT");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("pool URL '" + url + "' has no host (or a malformed host or port);"
                    + " expected stratum+tcp://HOST:PORT");
        }
        if (uri.getPort() == -1) {
            throw new IllegalArgumentException("pool URL '" + url + "' has no port; expected stratum+tcp://HOST:PORT");
        }
        if (uri.getPort() < 1 || uri.getPort() > 65535) {
            throw new IllegalArgumentException(
                    "pool URL '" + url + "' has port " + uri.getPort() + " outside 1..65535");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/"))
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "pool URL '" + url + "' has extra parts; expected only" + " stratum+tcp://HOST:PORT");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Endpoint(host, uri.getPort());
    }
}
