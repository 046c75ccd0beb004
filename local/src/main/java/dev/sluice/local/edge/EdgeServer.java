package dev.sluice.local.edge;

import com.sun.net.httpserver.HttpExchange;
import dev.sluice.local.core.DaemonThreads;
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

/**
 * The one HTTP endpoint of the local cloud. Every request first passes the {@link RequestGuard} (header size, Host,
 * Origin, body size, content type); then it is read whole into an {@link AwsRequest} and given to the registered
 * {@link EdgeService} with the most specific {@link Claim} on it.
 */
public final class EdgeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
    private static final String NODELAY = "sun.net.httpserver.nodelay";
    /**
     * The JDK server's own header limits: beyond them it closes the connection without an answer, before any handler
     * runs. Raised well above {@link RequestGuard#MAX_HEADER_BYTES} and {@link RequestGuard#MAX_HEADER_NAMES} so
     * that too large headers get a 431 from the guard; only beyond these the connection is reset.
     */
    static final int JDK_MAX_HEADER_BYTES = 2 * 1024 * 1024;
    static final int JDK_MAX_HEADER_NAMES = 1000;
    private static final String MAX_HEADER_SIZE = "sun.net.httpserver.maxReqHeaderSize";
    private static final String MAX_HEADERS = "sun.net.httpserver.maxReqHeaders";
    /** Long polls hold a thread each for up to 20 s; beyond this many in flight, new requests wait for a thread. */
    private static final int MAX_THREADS = 1024;

    static {
        // The JDK server flushes headers before the body; without TCP_NODELAY, Nagle plus delayed ACKs add ~40 ms
        // per response. The JDK reads this property once, when its first HttpServer is created in the JVM.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        // Read at the same moment; JDK 17.0.15 and 25 (checked) default to 389,120 bytes and 200 names.
        if (System.getProperty(MAX_HEADER_SIZE) == null) {
            System.setProperty(MAX_HEADER_SIZE, Integer.toString(JDK_MAX_HEADER_BYTES));
        }
        if (System.getProperty(MAX_HEADERS) == null) {
            System.setProperty(MAX_HEADERS, Integer.toString(JDK_MAX_HEADER_NAMES));
        }
    }

    private final HttpServer server;
    private final RequestGuard guard;
    private final ThreadPoolExecutor executor;
    private final List<EdgeService> services = new CopyOnWriteArrayList<>();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Binds {@code host:port} now (port 0 picks a free port) with the default access: loopback host names and the
     * edge's own origin only; requests are served after {@link #start()}.
     */
    public EdgeServer(String host, int port) {
        this(host, port, EdgeAccess.DEFAULT);
    }

    /** Binds {@code host:port} now; {@code access} adds allowed origins and host names to the defaults. */
    public EdgeServer(String host, int port, EdgeAccess access) {
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
        guard = new RequestGuard(access, host, server.getAddress().getAddress(), server.getAddress().getPort());
        executor = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.factory("sluice-edge"), EdgeServer::waitForThread);
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

    /** One claim of one service, and the namespace of the service's Query answers (null: it speaks no Query). */
    private record Route(Claim claim, EdgeService service, String xmlNamespace) {
    }

    /**
     * Adds a service with its claims, in any order.
     *
     * @throws IllegalStateException when another service made one of the same claims (the edge could not choose)
     */
    public synchronized void register(EdgeService service) {
        if (started.get()) {
            throw new IllegalStateException("register services before start()");
        }
        List<Claim> claims = List.copyOf(service.claims());
        if (claims.isEmpty()) {
            throw new IllegalArgumentException(name(service) + " claims no requests");
        }
        for (Claim claim : claims) {
            for (Route route : routes) {
                if (route.claim().sameAs(claim)) {
                    throw new IllegalStateException("ambiguous claims: " + name(service) + " and "
                            + name(route.service()) + " both claim " + claim);
                }
            }
        }
        String xmlNamespace = claims.stream().map(Claim::xmlNamespace).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
        claims.forEach(claim -> routes.add(new Route(claim, service, xmlNamespace)));
        services.add(service);
    }

    private static String name(EdgeService service) {
        return service.getClass().getSimpleName();
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
            AwsRequest head = head(exchange);
            AwsResponse response;
            try {
                response = guarded(exchange, head);
            } catch (AwsError refused) {
                response = Protocol.AWS_JSON_1_1.render(refused, null); // the guard's and the edge's own refusals
            } catch (Exception | LinkageError e) {
                response = Protocol.AWS_JSON_1_1.render(internalFailure(head, e), null);
            }
            write(exchange, guard.withCors(response, head));
        } catch (IOException e) {
            LOG.debug("client went away before the response was written", e);
        } finally {
            exchange.close();
        }
    }

    /** The guard's checks on the head, then the body (read up to its limit), then the service. */
    private AwsResponse guarded(HttpExchange exchange, AwsRequest head) throws IOException {
        guard.checkHead(head);
        if (guard.isPreflight(head)) {
            return guard.preflight(head);
        }
        long limit = RequestGuard.DEFAULT_MAX_BODY_BYTES;
        for (EdgeService service : services) {
            limit = Math.max(limit, service.maxBodyBytes(head));
        }
        Long declared = declaredLength(exchange);
        if (declared != null && declared > limit) {
            throw guard.tooLarge(head, limit, declared); // not a byte of it is read
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        }
        if (body.length > limit) {
            throw guard.tooLarge(head, limit, null); // chunked: stopped one byte past the limit
        }
        return route(new AwsRequest(head.method(), head.path(), head.rawQuery(), head.headers(), body));
    }

    /**
     * The service's answer; its {@link AwsError} or failure is written in the request's protocol. A request no
     * service claims is refused in the edge's own AWS JSON.
     */
    private AwsResponse route(AwsRequest request) {
        Route route = routeFor(request);
        if (route == null) {
            String target = request.target();
            throw AwsError.badRequest("UnknownOperationException", "no local service accepts " + request.method() + " "
                    + request.path() + (target == null ? "" : " (X-Amz-Target: " + target + ")"));
        }
        EdgeService service = route.service();
        if (service.readsJson(request)) {
            guard.checkJsonContentType(request);
        }
        String xmlNamespace = route.xmlNamespace();
        try {
            return service.handle(request);
        } catch (AwsError refused) {
            return Protocol.of(request, xmlNamespace).render(refused, xmlNamespace);
        } catch (Exception | LinkageError e) {
            return Protocol.of(request, xmlNamespace).render(internalFailure(request, e), xmlNamespace);
        }
    }

    private static AwsError internalFailure(AwsRequest request, Throwable e) {
        LOG.warn("{} {} failed", request.method(), request.path(), e);
        return new AwsError(500, "InternalFailure", e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    /** The route whose claim on the request is the most specific, or null. */
    private Route routeFor(AwsRequest request) {
        Route best = null;
        for (Route route : routes) {
            if (route.claim().matches(request) && (best == null || route.claim().compareSpecificity(best.claim()) > 0)) {
                best = route;
            }
        }
        return best;
    }

    /** Method, path, query and headers; the body is read later, once the guard has let the request in. */
    private static AwsRequest head(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        URI uri = exchange.getRequestURI();
        return new AwsRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                Map.copyOf(headers), new byte[0]);
    }

    /** The Content-Length the client declared (the JDK server has checked it is a number), or null when chunked. */
    private static Long declaredLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
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
