package org.potluck.node;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC client for one node (Bitcoin Core, or bcoin for tests). Thread-safe: the watcher thread and block
 * submission may call it at the same time.
 */
public final class NodeRpc implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int RPC_DESERIALIZATION_ERROR = -22;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final NodeEndpoint endpoint;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicLong nextId = new AtomicLong(1);
    private volatile String authorization;
    private volatile Duration lastLatency = Duration.ZERO;

    public NodeRpc(NodeEndpoint endpoint) {
        this(endpoint, DEFAULT_TIMEOUT);
    }

    public NodeRpc(NodeEndpoint endpoint, Duration timeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("RPC timeout must be positive, got " + timeout);
        }
        Duration connectTimeout = timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
        this.http = HttpClient.newBuilder()
                // Core's libevent server and bcoin speak HTTP/1.1 only; skip the h2c upgrade dance.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    public NodeEndpoint endpoint() {
        return endpoint;
    }

    /** Round-trip time of the most recent call that got an HTTP answer. */
    public Duration lastLatency() {
        return lastLatency;
    }

    /**
     * {@code getblocktemplate {"rules": rules}}; the caller includes "segwit" (and "signet" on signet). The answer is
     * read straight from its bytes into the template, without a JSON tree of its thousands of transactions.
     *
     * @throws RpcException             the node answered with an error object
     * @throws NodeUnavailableException no usable answer, or a template without a required field
     */
    public BlockTemplate getBlockTemplate(List<String> rules) {
        String method = "getblocktemplate";
        HttpResponse<byte[]> response = exchange(method, requestBody(method, Map.of("rules", List.copyOf(rules))));
        boolean ok = response.statusCode() / 100 == 2;
        BlockTemplate template = null;
        JsonNode otherResult = null;
        JsonNode error = null;
        try (JsonParser p = MAPPER.createParser(response.body())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw noReply(method, response);
            }
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "result" -> {
                        if (ok && value == JsonToken.START_OBJECT) {
                            template = TemplateReader.read(p);
                        } else {
                            otherResult = p.readValueAsTree();
                        }
                    }
                    case "error" -> error = p.readValueAsTree();
                    default -> p.skipChildren();
                }
            }
        } catch (JacksonException e) {
            throw noReply(method, response);
        }
        throwIfError(method, error);
        if (!ok) {
            throw badStatus(method, response);
        }
        if (template == null) {
            throw new NodeUnavailableException(endpoint.name() + ": getblocktemplate returned "
                    + (otherResult == null ? "no result" : Json.brief(otherResult)));
        }
        return template;
    }

    public SubmitResult submitBlock(String blockHex) {
        Objects.requireNonNull(blockHex, "blockHex");
        if (blockHex.isEmpty()
                || blockHex.length() % 2 != 0
                || !blockHex.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("block must be a non-empty even-length hex string");
        }
        JsonNode result;
        try {
            result = call("submitblock", blockHex);
        } catch (RpcException e) {
            // -22 RPC_DESERIALIZATION_ERROR ("Block decode failed"): the node looked at the block and refused it.
            if (e.code() == RPC_DESERIALIZATION_ERROR) {
                return new SubmitResult(SubmitResult.Outcome.REJECTED, "undecodable block: " + e.rpcMessage());
            }
            throw e;
        }
        if (result.isNull()) {
            return SubmitResult.interpret(null);
        }
        if (result.isString()) {
            return SubmitResult.interpret(result.stringValue());
        }
        return new SubmitResult(SubmitResult.Outcome.REJECTED, "unexpected submitblock answer " + Json.brief(result));
    }

    /** Tolerates nodes (bcoin) that omit {@code initialblockdownload} or {@code verificationprogress}. */
    public ChainInfo getBlockchainInfo() {
        JsonNode r = call("getblockchaininfo");
        String where = endpoint.name() + " getblockchaininfo";
        return new ChainInfo(
                Json.optString(r, "chain", "unknown"),
                Json.optLong(r, "blocks", -1),
                Json.requireString(r, "bestblockhash", where),
                Json.optBoolean(r, "initialblockdownload", false),
                Json.optDouble(r, "verificationprogress", 0));
    }

    public AddressInfo validateAddress(String address) {
        Objects.requireNonNull(address, "address");
        JsonNode r = call("validateaddress", address);
        boolean valid = Json.optBoolean(r, "isvalid", false);
        if (!valid) {
            return new AddressInfo(false, null);
        }
        String script = Json.requireString(r, "scriptPubKey", endpoint.name() + " validateaddress");
        return new AddressInfo(true, script);
    }

    public String getBestBlockHash() {
        JsonNode r = call("getbestblockhash");
        if (!r.isString()) {
            throw new NodeUnavailableException(endpoint.name() + ": getbestblockhash returned " + Json.brief(r));
        }
        return r.stringValue();
    }

    /** The hash (display hex) of the best chain's block at {@code height}; the node refuses heights above its tip. */
    public String getBlockHash(long height) {
        if (height < 0) {
            throw new IllegalArgumentException("block height must not be negative, got " + height);
        }
        JsonNode r = call("getblockhash", height);
        if (!r.isString()) {
            throw new NodeUnavailableException(endpoint.name() + ": getblockhash returned " + Json.brief(r));
        }
        return r.stringValue();
    }

    public long getBlockCount() {
        JsonNode r = call("getblockcount");
        if (!r.isIntegralNumber()) {
            throw new NodeUnavailableException(endpoint.name() + ": getblockcount returned " + Json.brief(r));
        }
        return r.longValue();
    }

    /**
     * {@code getblock hash verbosity} (0 = hex, 1 = txids, 2 = full transactions). bcoin takes
     * {@code (hash, verbose, details)} booleans instead and refuses 2, so that one case is retried in its form.
     */
    public JsonNode getBlock(String hash, int verbosity) {
        if (verbosity < 0 || verbosity > 3) {
            throw new IllegalArgumentException("getblock verbosity must be 0..3, got " + verbosity);
        }
        try {
            return call("getblock", hash, verbosity);
        } catch (RpcException e) {
            if (verbosity >= 2) {
                return call("getblock", hash, true, true);
            }
            throw e;
        }
    }

    public List<String> generateToAddress(int blocks, String address) {
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks must be at least 1, got " + blocks);
        }
        JsonNode r = call("generatetoaddress", blocks, address);
        List<String> hashes = new ArrayList<>();
        for (JsonNode h : r) {
            hashes.add(h.stringValue());
        }
        return hashes;
    }

    /**
     * Calls any method. Returns the {@code result} (a JSON null node when the node returned null).
     *
     * @throws RpcException             the node answered with an error object
     * @throws NodeUnavailableException no usable answer
     */
    public JsonNode call(String method, Object... params) {
        Objects.requireNonNull(method, "method");
        HttpResponse<byte[]> response = exchange(method, requestBody(method, params));
        JsonNode reply;
        try {
            reply = MAPPER.readTree(response.body());
        } catch (JacksonException e) {
            reply = null;
        }
        if (reply == null || !reply.isObject()) {
            throw noReply(method, response);
        }
        throwIfError(method, reply.get("error"));
        if (response.statusCode() / 100 != 2) {
            throw badStatus(method, response);
        }
        JsonNode result = reply.get("result");
        return result == null ? MAPPER.nullNode() : result;
    }

    private String requestBody(String method, Object... params) {
        ObjectNode request = MAPPER.createObjectNode();
        request.put("jsonrpc", "1.0");
        request.put("id", nextId.getAndIncrement());
        request.put("method", method);
        request.set("params", MAPPER.valueToTree(params == null ? new Object[0] : params));
        return MAPPER.writeValueAsString(request);
    }

    /** Sends one call; an answer that refuses the credentials is an error here, any other answer is the caller's. */
    private HttpResponse<byte[]> exchange(String method, String body) {
        HttpResponse<byte[]> response = send(method, body);
        if (response.statusCode() == 401 && endpoint.auth() instanceof RpcAuth.CookieFile) {
            // Core writes a fresh cookie on every restart: read it again before giving up.
            authorization = null;
            response = send(method, body);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new NodeUnavailableException(endpoint.name() + " rejected the RPC credentials (HTTP "
                    + response.statusCode() + ") for " + method + "; check " + describeAuth());
        }
        return response;
    }

    private static void throwIfError(String method, JsonNode error) {
        if (error != null && !error.isNull()) {
            int code = (int) Json.optLong(error, "code", 0);
            String message = error.isObject() ? Json.optString(error, "message", error.toString()) : error.toString();
            throw new RpcException(method, code, message);
        }
    }

    private NodeUnavailableException noReply(String method, HttpResponse<byte[]> response) {
        return new NodeUnavailableException(endpoint.name() + " answered " + method + " with HTTP "
                + response.statusCode() + " and no JSON-RPC reply: " + abbreviate(response.body()));
    }

    private NodeUnavailableException badStatus(String method, HttpResponse<byte[]> response) {
        return new NodeUnavailableException(endpoint.name() + " answered " + method + " with HTTP "
                + response.statusCode() + ": " + abbreviate(response.body()));
    }

    private HttpResponse<byte[]> send(String method, String body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.rpcUrl())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        long start = System.nanoTime();
        try {
            // Bytes, not a String: Jackson parses UTF-8 bytes directly, and a 2 MB template is not decoded twice.
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            lastLatency = Duration.ofNanos(System.nanoTime() - start);
            return response;
        } catch (HttpTimeoutException e) {
            throw new NodeUnavailableException(endpoint.name() + " did not answer " + method + " within " + timeout, e);
        } catch (ConnectException e) {
            throw new NodeUnavailableException(endpoint.name() + " refused the connection (" + method + ")", e);
        } catch (IOException e) {
            throw new NodeUnavailableException(endpoint.name() + " unreachable (" + method + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeUnavailableException("interrupted while calling " + method + " on " + endpoint.name(), e);
        }
    }

    private String authorization() {
        String header = authorization;
        if (header == null) {
            String credentials = switch (endpoint.auth()) {
                case RpcAuth.UserPassword(String user, String password) -> user + ":" + password;
                case RpcAuth.CookieFile(var path) -> {
                    try {
                        yield Files.readString(path, StandardCharsets.UTF_8).strip();
                    } catch (IOException e) {
                        throw new NodeUnavailableException(
                                "cannot read RPC cookie " + path
                                        + " (is the node running, and may this user read its data directory?): " + e,
                                e);
                    }
                }
            };
            header = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
            authorization = header;
        }
        return header;
    }

    private String describeAuth() {
        return switch (endpoint.auth()) {
            case RpcAuth.UserPassword(String user, String password) -> "RPC user '" + user + "' and its password";
            case RpcAuth.CookieFile(var path) -> "cookie file " + path;
        };
    }

    private static String abbreviate(byte[] body) {
        // Only the head is shown, so only the head is decoded (a template is megabytes).
        String s = body == null ? "" : new String(body, 0, Math.min(body.length, 1_000), StandardCharsets.UTF_8);
        if (s.isBlank()) {
            return "(empty body)";
        }
        String t = s.strip();
        return t.length() > 200 || body.length > 1_000 ? t.substring(0, Math.min(t.length(), 200)) + "..." : t;
    }

    @Override
    public void close() {
        http.close();
    }
}
