package org.potluck.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loopback JSON-RPC server for behaviour no real regtest node can show (Basic auth with a cookie, initial block
 * download). It checks the Authorization header exactly as Core does: anything else is HTTP 401 with no body.
 */
final class FakeNode implements AutoCloseable {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    record Error(int code, String message) {}

    private final HttpServer server;
    volatile String expectedAuthorization;
    volatile Function<String, Object> handler;
    final List<String> receivedAuthorizations = new CopyOnWriteArrayList<>();
    final List<String> methods = new CopyOnWriteArrayList<>();

    FakeNode(Function<String, Object> handler) throws IOException {
        this.handler = handler;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            receivedAuthorizations.add(String.valueOf(auth));
            if (expectedAuthorization != null && !expectedAuthorization.equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"jsonrpc\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode request = MAPPER.readTree(ex.getRequestBody().readAllBytes());
            String method = request.get("method").stringValue();
            methods.add(method);
            Object answer = handler.apply(method);
            String body;
            int status;
            if (answer instanceof Error(int code, String message)) {
                status = 500;
                body = "{\"result\":null,\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"},\"id\":"
                        + request.get("id") + "}";
            } else {
                status = 200;
                body = "{\"result\":" + answer + ",\"error\":null,\"id\":" + request.get("id") + "}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
