package org.potluck.web;

import org.potluck.config.ConfigException;

/**
 * {@code [web]}: the dashboard, public API and metrics. Port 0 picks a free port; an empty admin token turns the admin
 * API off.
 *
 * @param adminAllowRemote    false: the admin API answers only requests from loopback addresses (reach it through an
 *                            SSH tunnel or a reverse proxy with TLS on the same machine); true: from anywhere
 * @param maxLiveStreams      most live streams (dashboard events, share SSE and WebSocket) open at once
 * @param maxLiveStreamsPerIp most live streams open at once from one remote address
 */
public record WebConfig(
        String host,
        int port,
        boolean enabled,
        String adminToken,
        boolean adminAllowRemote,
        int maxLiveStreams,
        int maxLiveStreamsPerIp) {
    public static final int DEFAULT_MAX_LIVE_STREAMS = 512;
    public static final int DEFAULT_MAX_LIVE_STREAMS_PER_IP = 16;
    public static final WebConfig DEFAULT = new WebConfig("0.0.0.0", 8080, true, "");

    public WebConfig {
        adminToken = adminToken == null ? "" : adminToken;
    }

    /** Admin on loopback only and the default stream limits. */
    public WebConfig(String host, int port, boolean enabled, String adminToken) {
        this(host, port, enabled, adminToken, false, DEFAULT_MAX_LIVE_STREAMS, DEFAULT_MAX_LIVE_STREAMS_PER_IP);
    }

    public boolean adminApiEnabled() {
        return !adminToken.isEmpty();
    }

    public WebConfig withPort(int p) {
        return new WebConfig(host, p, enabled, adminToken, adminAllowRemote, maxLiveStreams, maxLiveStreamsPerIp);
    }

    public WebConfig withHost(String h) {
        return new WebConfig(h, port, enabled, adminToken, adminAllowRemote, maxLiveStreams, maxLiveStreamsPerIp);
    }

    public WebConfig withAdminToken(String token) {
        return new WebConfig(host, port, enabled, token, adminAllowRemote, maxLiveStreams, maxLiveStreamsPerIp);
    }

    public WebConfig withAdminAllowRemote(boolean allow) {
        return new WebConfig(host, port, enabled, adminToken, allow, maxLiveStreams, maxLiveStreamsPerIp);
    }

    public WebConfig withLiveStreamLimits(int total, int perIp) {
        return new WebConfig(host, port, enabled, adminToken, adminAllowRemote, total, perIp);
    }

    /** @param stratumPort the miners' port, which this one must not take */
    public void validate(int stratumPort) {
        if (host == null || host.isBlank()) {
            throw new ConfigException("web.host", host, "an address to listen on, e.g. \"0.0.0.0\" or \"127.0.0.1\"");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("web.port", port, "a TCP port 0-65535 (0 picks a free one)");
        }
        if (enabled && port != 0 && port == stratumPort) {
            throw new ConfigException("web.port", port, "a port other than stratum.port (" + stratumPort + ")");
        }
        if (maxLiveStreams < 1) {
            throw new ConfigException("web.max_live_streams", maxLiveStreams, "at least 1");
        }
        if (maxLiveStreamsPerIp < 1 || maxLiveStreamsPerIp > maxLiveStreams) {
            throw new ConfigException(
                    "web.max_live_streams_per_ip",
                    maxLiveStreamsPerIp,
                    "1 to web.max_live_streams (" + maxLiveStreams + ")");
        }
        // A short token on an admin API that can kick miners and reload config is guessable.
        if (adminApiEnabled() && adminToken.length() < 16) {
            throw new ConfigException(
                    "web.admin_token",
                    "(" + adminToken.length() + " characters)",
                    "empty (admin API off) or at least 16 characters");
        }
    }
}
