package dev.sluice.local.lambda.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda Runtime API ({@code /2018-06-01/runtime/...}) for one execution environment, on its own port of
 * 127.0.0.1. The runtime interface client long-polls {@code invocation/next}; answers and errors come back by POST.
 *
 * <p>Any local process (and any web page, by a no-cors fetch) can reach a port of 127.0.0.1, so every path starts
 * with a secret of this environment: {@code AWS_LAMBDA_RUNTIME_API} is {@code 127.0.0.1:<port>/<token>}, and the
 * RIC builds its URLs as {@code http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/...} in both its JNI client
 * (next, response) and its Java client (errors). A request without the token is refused before anything is read or
 * taken. Only one {@code next} may wait at a time, and only the invocation handed out may be answered.
 */
final class RuntimeApi implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every warm invoke waits ~40-90 ms
        // on Nagle + delayed ACK. Read once, when the first HttpServer of the JVM is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * AWS's limit on a function's response: what the Runtime API accepts from the runtime ("Exceeded maximum allowed
     * payload size (6291556 bytes)", LocalStack's LAMBDA_LIMITS_MAX_FUNCTION_PAYLOAD_SIZE_BYTES = 6 MiB + 100,
     * localstack/localstack#10229); the invoker then gets a function error {@code Function.ResponseSizeTooLarge}
     * (the live AWS answer quoted in getmoto/moto#3988).
     */
    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeApi.class);
    private static final String API = "/2018-06-01/runtime/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService threads;
    private final String functionName;
    private final String functionArn;
    private final String token = newToken();
    private final byte[] tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    /** The invocation the runtime fetched and has not answered yet: the only one it may answer. */
    private final AtomicReference<Invocation> handedOut = new AtomicReference<>();
    private final AtomicBoolean nextWaiting = new AtomicBoolean();
    /**
     * The request whose response was refused as too large: the RIC then reports that failure on /error, which is
     * accepted (and dropped) so that the runtime goes on to the next invocation instead of exiting.
     */
    private final AtomicReference<String> refusedResponse = new AtomicReference<>();
    /** Completed at the runtime's first GET invocation/next: init is done. */
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Completed with the body the runtime posted to /init/error. */
    final CompletableFuture<String> initError = new CompletableFuture<>();

    RuntimeApi(String functionName, String functionArn) throws IOException {
        this.functionName = functionName;
        this.functionArn = functionArn;
        this.threads = Executors.newCachedThreadPool(DaemonThreads.factory("lambda-runtime-api-" + functionName));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code host:port/token} for AWS_LAMBDA_RUNTIME_API; the token is this environment's secret: never log it. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort() + "/" + token;
    }

    void offer(Invocation invocation) {
        queued.add(invocation);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            String path = apiPath(rawPath);
            if (path == null) {
                // Nothing is read or taken: the body stays unread, no invocation leaves the queue.
                LOG.debug("Runtime API of {} refused {} without this environment's token", functionName, method);
                send(exchange, 403, error("AccessDeniedException", "This Runtime API belongs to one execution"
                        + " environment; its paths start with the token in that environment's AWS_LAMBDA_RUNTIME_API"));
                return;
            }
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

    /** The path after {@code /<token>/2018-06-01/runtime/}, or null when the token is missing or wrong. */
    private String apiPath(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        int slash = rawPath.indexOf('/', 1);
        if (slash < 0) {
            return null;
        }
        byte[] given = rawPath.substring(1, slash).getBytes(StandardCharsets.US_ASCII);
        String rest = rawPath.substring(slash);
        if (!MessageDigest.isEqual(given, tokenBytes) || !rest.startsWith(API)) {
            return null;
        }
        return rest.substring(API.length());
    }

    private void next(HttpExchange exchange) throws IOException {
        if (!nextWaiting.compareAndSet(false, true)) {
            send(exchange, 403, error("InvalidStateTransition", "Another GET invocation/next is already waiting on"
                    + " this environment's Runtime API; an environment runs one invocation at a time"));
            return;
        }
        ready.complete(null);
        Invocation invocation;
        try {
            invocation = queued.take();
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            nextWaiting.set(false); // before the answer goes out, so that the runtime's next request finds it free
        }
        handedOut.set(invocation);
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
        String refused = refusedResponse.get(); // compareAndSet compares references: take the stored string
        if (kind.equals("error") && requestId.equals(refused) && refusedResponse.compareAndSet(refused, null)) {
            readAtMost(exchange, MAX_RESPONSE_BYTES); // "Failed to post invocation response": the result stands
            accepted(exchange);
            return;
        }
        Invocation invocation = handedOut.get();
        if (invocation == null || !invocation.requestId.equals(requestId)
                || !(kind.equals("response") || kind.equals("error"))) {
            send(exchange, 400, error("InvalidRequestID", "Unknown request id or path: " + rest
                    + " (only the invocation handed out by invocation/next can be answered, once)"));
            return;
        }
        byte[] body = readAtMost(exchange, MAX_RESPONSE_BYTES);
        if (!handedOut.compareAndSet(invocation, null)) {
            send(exchange, 400, error("InvalidRequestID", "Request id " + requestId + " was already answered"));
            return;
        }
        if (body == null) {
            refusedResponse.set(requestId);
            invocation.result.complete(InvocationResult.environmentError("Function.ResponseSizeTooLarge",
                    "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes)."));
            send(exchange, 413, error("RequestEntityTooLarge",
                    "Exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes)."));
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

    /**
     * The body, or null when it is longer than {@code limit}; the rest of an oversized body is read and dropped, so
     * that the runtime gets the answer instead of a reset connection, and never kept.
     */
    private static byte[] readAtMost(HttpExchange exchange, int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length <= limit) {
                return body;
            }
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
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

    /** 32 random bytes, URL-safe base64 without padding (43 characters): a path segment nobody can guess. */
    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
