package dev.sluice.local.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The Lambda Runtime API ({@code /2018-06-01/runtime/...}) for one execution environment, on its own port of
 * 127.0.0.1. The runtime interface client long-polls {@code invocation/next}; answers and errors come back by POST.
 */
final class RuntimeApi implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every warm invoke waits ~40-90 ms
        // on Nagle + delayed ACK. Read once, when the first HttpServer of the JVM is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final String PREFIX = "/2018-06-01/runtime/";

    private final HttpServer server;
    private final ExecutorService threads;
    private final String functionArn;
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> running = new ConcurrentHashMap<>();
    /** Completed at the runtime's first GET invocation/next: init is done. */
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Completed with the body the runtime posted to /init/error. */
    final CompletableFuture<String> initError = new CompletableFuture<>();

    RuntimeApi(String functionName, String functionArn) throws IOException {
        this.functionArn = functionArn;
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lambda-runtime-api-" + functionName);
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(threads);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** {@code host:port} for AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void offer(Invocation invocation) {
        running.put(invocation.requestId, invocation);
        queued.add(invocation);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.equals("init/error")) {
                initError.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                accepted(exchange);
            } else if (method.equals("POST") && path.startsWith("invocation/")) {
                complete(exchange, path.substring("invocation/".length()));
            } else {
                send(exchange, 404, error("InvalidRequest", "Unknown runtime API path " + method + " " + path));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        ready.complete(null);
        Invocation invocation;
        try {
            invocation = queued.take();
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineEpochMillis));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", invocation.traceId);
        invocation.handedOut.complete(System.nanoTime());
        send(exchange, 200, invocation.payload);
    }

    private void complete(HttpExchange exchange, String rest) throws IOException {
        int slash = rest.indexOf('/');
        String requestId = slash < 0 ? rest : rest.substring(0, slash);
        String kind = slash < 0 ? "" : rest.substring(slash + 1);
        byte[] body = exchange.getRequestBody().readAllBytes();
        Invocation invocation = running.remove(requestId);
        if (invocation == null || !(kind.equals("response") || kind.equals("error"))) {
            send(exchange, 400, error("InvalidRequestID", "Unknown request id or path: " + rest));
            return;
        }
        if (kind.equals("response")) {
            invocation.result.complete(InvocationResult.success(body));
        } else {
            String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
            invocation.result.complete(InvocationResult.functionError(body, errorType(body, type)));
        }
        accepted(exchange);
    }

    private static String errorType(byte[] body, String header) {
        try {
            var type = Json.MAPPER.readTree(body).get("errorType");
            if (type != null && type.isTextual()) {
                return type.asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // fall back to the header
        }
        return header == null ? "Unhandled" : header;
    }

    private static void accepted(HttpExchange exchange) throws IOException {
        send(exchange, 202, "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] error(String type, String message) {
        return Json.bytes(Json.object().put("errorType", type).put("errorMessage", message));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
