package org.potluck.cli.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import org.potluck.bitcoin.Bech32;
import org.potluck.bitcoin.Network;
import org.potluck.pool.StratumTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test helpers: HTTP calls to a running PotluckServer, and a Stratum client that subscribes and authorizes. */
final class AdminHttp {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AdminHttp() {}

    static HttpResponse<String> call(int port, String method, String path, String token)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static String regtestAddress() {
        return Bech32.encodeSegwit(Network.BCOIN_REGTEST.bech32Hrp(), 0, new SecureRandom().generateSeed(20));
    }

    /** Closes what a test class started, those that did start, the web and pool before the node they use. */
    static void closeAll(AutoCloseable... started) throws Exception {
        for (AutoCloseable c : started) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Subscribes and authorizes as {@code user}; returns the authorize reply. */
    static JsonNode login(StratumTestClient client, String user) throws IOException {
        client.sendLine("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"test/1.0\"]}");
        client.reply(1);
        client.sendLine("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + user + "\",\"x\"]}");
        return client.reply(2);
    }
}
