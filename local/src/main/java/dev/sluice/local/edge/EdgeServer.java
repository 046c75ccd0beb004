package dev.sluice.local.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one HTTP endpoint of the local cloud. Every request is read whole into an {@link AwsRequest} and given to the
 * first registered {@link EdgeService} that accepts it; {@code GET /_sluice/health} is answered here.
 */
public final class EdgeServer implements AutoCloseable {

    /** Answered by the edge itself with {@code {"status":"ok"}}. */
    public static final String HEALTH_PATH = "/_sluice/health";

    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODELAY = "sun.net.httpserver.nodelay";
    /** Long polls hold a thread each for up to 20 s; beyond this many in flight, new requests wait for a thread. */
    private static final int MAX_THREADS = 1024;

    static {
        // The JDK server flushes headers before the body; without TCP_NODELAY, Nagle plus delayed ACKs add ~40 ms
        // per response. The JDK reads this property once, when its first HttpServer is created in the JVM.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final List<EdgeService> services = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Binds {@code host:port} now (port 0 picks a free port); requests are served after {@link #start()}. */
    public EdgeServer(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535 (given " + port + ")");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 256);
        } catch (BindException e) {
            throw new UncheckedIOException("cannot bind the edge endpoint to " + host + ":" + port
                    + " (is another local cloud or LocalStack running?)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the edge endpoint to " + host + ":" + port, e);
        }
        executor = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads(), EdgeServer::waitForThread);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URI clients use, e.g. {@code http://127.0.0.1:4566} (loopback when bound to all interfaces). */
    public URI endpoint() {
        var address = server.getAddress().getAddress();
        // Bound to every interface: loopback is the address that surely reaches it.
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** Adds a service; services are asked in registration order and the first that accepts wins. */
    public void register(EdgeService service) {
        if (started.get()) {
            throw new IllegalStateException("register services before start()");
        }
        services.add(service);
    }

    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("edge server is closed");
        }
        if (started.compareAndSet(false, true)) {
            server.start();
            LOG.info("Edge endpoint listening on {}", endpoint());
        }
    }

    /** Stops accepting requests; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // A bound but never started server still holds its port: stop() releases it in both cases.
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void serve(HttpExchange exchange) {
        try {
            AwsResponse response;
            try {
                response = route(read(exchange));
            } catch (Exception | LinkageError e) {
                LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e);
                response = error(500, "InternalFailure", e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            write(exchange, response);
        } catch (IOException e) {
            LOG.debug("client went away before the response was written", e);
        } finally {
            exchange.close();
        }
    }

    private AwsResponse route(AwsRequest request) throws Exception {
        if (request.path().equals(HEALTH_PATH) && request.method().equals("GET")) {
            return AwsResponse.json(200, "{\"status\":\"ok\"}");
        }
        for (EdgeService service : services) {
            if (service.accepts(request)) {
                return service.handle(request);
            }
        }
        String target = request.target();
        return error(400, "UnknownOperationException", "no local service accepts " + request.method() + " "
                + request.path() + (target == null ? "" : " (X-Amz-Target: " + target + ")"));
    }

    private static AwsRequest read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI uri = exchange.getRequestURI();
        return new AwsRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                Map.copyOf(headers), body);
    }

    private static void write(HttpExchange exchange, AwsResponse response) throws IOException {
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (probesBeforePost(exchange)) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        byte[] body = response.body() == null ? new byte[0] : response.body();
        boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
        // The exact length, then one write: the response leaves in as few packets as the JDK server allows.
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * True for a POST from the JDK's HttpURLConnection, which the AWS SDK's url-connection client (the local cloud's
     * clients and the example functions' clients) also uses. Before each streaming POST on a kept-alive connection it
     * reads the socket with a 1 ms timeout to see whether the server closed it ({@code HttpClient.available()}), so
     * every such request waits 1 ms. Closing after the response makes it open a new loopback connection instead,
     * which costs a fraction of that; other clients keep their connections.
     */
    private static boolean probesBeforePost(HttpExchange exchange) {
        if (!exchange.getRequestMethod().equals("POST")) {
            return false;
        }
        String agent = exchange.getRequestHeaders().getFirst("User-Agent");
        return agent != null && (agent.contains("http#UrlConnection") || agent.contains("http/UrlConnection")
                || agent.startsWith("Java/"));
    }

    private static AwsResponse error(int status, String type, String message) {
        var body = JSON.createObjectNode().put("__type", type).put("message", message);
        return AwsResponse.awsJson(status, body.toString());
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "sluice-edge-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** All threads busy: hold the dispatcher until one frees up (back-pressure instead of dropping the request). */
    private static void waitForThread(Runnable task, ThreadPoolExecutor pool) {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("edge server is closed");
        }
        try {
            pool.getQueue().put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for an edge thread", e);
        }
    }
}
