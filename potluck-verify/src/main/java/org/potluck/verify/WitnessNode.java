package org.potluck.verify;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.potluck.accounting.published.PublishedOutput;
import tools.jackson.databind.JsonNode;

/**
 * The miner's own node as the verifier's witness: asked over JSON-RPC what a block's coinbase really paid
 * ({@code getblock <hash> 2}) and which block the chain holds at a height, so that the check does not rest on what the
 * pool says about its own blocks. Not potluck-node's {@code NodeRpc} (the pool's client for templates and blocks): this
 * one asks three read-only questions and words every failure for someone checking a pool, and the verifier does not
 * carry the pool's node client and its ZMQ library.
 */
final class WitnessNode implements AutoCloseable {
    private static final BigDecimal SATS_PER_BTC = BigDecimal.valueOf(100_000_000L);

    private final URI endpoint;
    private final String authorization;
    // HTTP/1.1 only: the default HTTP/2 upgrade request makes some nodes' RPC servers (bcoin) drop the connection.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** @param cookie the node's .cookie file ("user:password"), used when the URL carries no user; may be null */
    WitnessNode(URI url, Path cookie) {
        String credentials =
                url.getRawUserInfo() == null ? null : URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8);
        if (credentials == null && cookie != null) {
            try {
                credentials = Files.readString(cookie).strip();
            } catch (IOException e) {
                throw new VerifyException("cannot read the node cookie " + cookie + ": " + e.getMessage(), e);
            }
        }
        this.authorization = credentials == null
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.endpoint =
                URI.create(url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                        + (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath()));
    }

    /**
     * The height of the node's best chain. Asked before anything else, so that a node that cannot be reached or
     * refuses the credentials stops the run as "could not verify" instead of failing every block check.
     */
    long blockCount() {
        return call("getblockcount", List.of()).asLong();
    }

    /**
     * Every output of the block's coinbase, in order; throws {@link VerifyException} when the node cannot say (which
     * is the verifier's side: unreachable, refusing, or not having the block).
     *
     * @param height the height the pool says the block has: a node below it is behind, not a witness against the pool
     */
    List<PublishedOutput> coinbaseOutputs(String blockHash, int height) {
        JsonNode block;
        try {
            block = getBlock(blockHash);
        } catch (Refused e) {
            long tip = blockCount();
            throw new VerifyException(
                    tip < height
                            ? "your node is at height " + tip + ", behind this block's height " + height
                                    + ": let it sync and run again"
                            : "your node does not have this block (" + e.getMessage() + "); it may have been orphaned");
        }
        JsonNode vout = block.path("tx").path(0).path("vout");
        if (!vout.isArray()) {
            throw new VerifyException("the node's getblock " + blockHash + " has no coinbase outputs (tx[0].vout)");
        }
        List<PublishedOutput> outputs = new ArrayList<>();
        for (JsonNode out : vout) {
            BigDecimal btc = out.path("value").decimalValue();
            long sats = btc.multiply(SATS_PER_BTC).longValueExact();
            outputs.add(new PublishedOutput(
                    sats, out.path("scriptPubKey").path("hex").asString()));
        }
        return outputs;
    }

    /**
     * The hash of the block the node's best chain holds at {@code height}; throws {@link VerifyException} when the node
     * cannot say (a node below that height is behind, not a witness against the pool).
     */
    String blockHashAt(int height) {
        JsonNode hash;
        try {
            hash = call("getblockhash", List.of(height));
        } catch (Refused e) {
            long tip = blockCount();
            throw new VerifyException(
                    tip < height
                            ? "your node is at height " + tip + ", behind this block's height " + height
                                    + ": let it sync and run again"
                            : "your node cannot name its block at height " + height + ": " + e.getMessage());
        }
        if (!hash.isString()) {
            throw new VerifyException("the node's getblockhash " + height + " is not a hash: " + hash);
        }
        return hash.asString();
    }

    private JsonNode getBlock(String blockHash) {
        try {
            return call("getblock", List.of(blockHash, 2));
        } catch (Refused e) {
            if (!e.getMessage().contains("must be a boolean")) {
                throw e;
            }
            // bcoin spells "verbosity 2" as two booleans: verbose, with transaction details.
            return call("getblock", List.of(blockHash, true, true));
        }
    }

    /** The node answered, with an RPC error (as opposed to not answering or refusing the credentials). */
    static final class Refused extends VerifyException {
        Refused(String message) {
            super(message);
        }
    }

    private JsonNode call(String method, List<Object> params) {
        String body = TolerantJson.MAPPER.writeValueAsString(
                Map.of("jsonrpc", "1.0", "id", "potluck-verify", "method", method, "params", params));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new VerifyException("cannot reach your node at " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerifyException("interrupted while asking the node", e);
        }
        if (response.statusCode() == 401) {
            throw new VerifyException("your node at " + endpoint + " refused the credentials (401): check the"
                    + " user:password in --node, or --cookie");
        }
        JsonNode reply;
        try {
            reply = TolerantJson.MAPPER.readTree(response.body());
        } catch (RuntimeException e) {
            throw new VerifyException(
                    "your node answered " + response.statusCode() + " with no JSON: " + response.body());
        }
        JsonNode error = reply.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw new Refused("the node refused " + method + " " + params + ": "
                    + error.path("message").asString());
        }
        return reply.path("result");
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
