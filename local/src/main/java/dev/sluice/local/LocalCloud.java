package dev.sluice.local;

import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.edge.EdgeAccess;
import dev.sluice.local.edge.EdgeServer;
import dev.sluice.local.edge.EdgeService;
import dev.sluice.local.events.EventBridgeService;
import dev.sluice.local.faults.Faults;
import dev.sluice.local.faults.FaultsApi;
import dev.sluice.local.faults.FaultyService;
import dev.sluice.local.lambda.LambdaService;
import dev.sluice.local.lambda.runtime.LambdaSettings;
import dev.sluice.local.lambda.runtime.StartSlots;
import dev.sluice.local.logs.LogsService;
import dev.sluice.local.scaling.Autoscaler;
import dev.sluice.local.scaling.ScalingProfile;
import dev.sluice.local.status.SluiceService;
import dev.sluice.local.sqs.SqsService;
import dev.sluice.local.sts.StsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.sluice.local.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The local cloud: SQS, EventBridge, Lambda and its CloudWatch Logs behind one edge endpoint, in this process.
 *
 * <pre>{@code
 * try (LocalCloud cloud = LocalCloud.builder().port(0).build().start()) {
 *     SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
 * }
 * }</pre>
 *
 * {@link #start()} also registers a JVM shutdown hook, so Ctrl-C stops the function JVMs too: the cloud's one way
 * down is {@link #close()}, which also stops what callers hand to {@link #closeFirst}.
 *
 * <p>Queue depth drives each SQS event source mapping's environments ({@link #autoscaler()}, unless
 * {@link Builder#autoscaling(boolean)} is off); {@code GET /_sluice/status} and {@code /_sluice/history} on the edge
 * show it ({@link SluiceService}).
 *
 * <p>With {@link Builder#externalAwsEndpoint(URI)} the cloud runs attached to another emulator (LocalStack, moto):
 * the edge serves only Lambda (with its CloudWatch Logs), event source mappings poll that endpoint's SQS, and functions get it as
 * {@code AWS_ENDPOINT_URL}; {@link #sqs()} and {@link #events()} are then not available.
 *
 * <p>The edge serves only loopback host names and refuses requests from web pages of other origins (see
 * {@link Builder#allowedOrigins(List)}, {@link Builder#allowAnyOrigin()}, {@link Builder#allowedHosts(List)} and
 * local/README.md, "Security").
 */
public final class LocalCloud implements AutoCloseable {

    public static final int DEFAULT_PORT = 4566;
    public static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_STOP_SECONDS = 10;
    private static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(DEFAULT_STOP_SECONDS);

    private static final Logger LOG = LoggerFactory.getLogger(LocalCloud.class);

    private final String host;
    private final int port;
    private final String region;
    private final Path workDir;
    private final URI externalAwsEndpoint;
    private final boolean autoscaling;
    private final ScalingProfile scalingProfile;
    private final int awsLocalCap;
    private final EdgeAccess access;
    private final Path stateDir;
    private final boolean freshState;
    private final Duration stopTimeout;
    private final Consumer<String> stopReport;

    private StateStore state;
    private final Clock clock;

    private EdgeServer edge;
    private SqsService sqs;
    private EventBridgeService events;
    private LambdaService lambda;
    private Autoscaler autoscaler;
    /** Faults declared with sluice chaos or /_sluice/faults: the runtime and the edge ask them (none at start). */
    private final Faults faults;
    /** What start() made, in order; close() stops it in reverse. */
    private final Deque<Part> parts = new ArrayDeque<>();
    /** What callers asked to stop with the cloud (clients, demo traffic); stopped first, in reverse. */
    private final Deque<Part> closeFirst = new ArrayDeque<>();
    private Thread shutdownHook;
    private final int concurrentInits;
    private boolean started;
    private boolean closed;
    private boolean killed;

    private record Part(String name, AutoCloseable part) {
    }

    private LocalCloud(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.region = builder.region;
        this.workDir = builder.workDir.toAbsolutePath().normalize();
        this.externalAwsEndpoint = builder.externalAwsEndpoint;
        this.autoscaling = builder.autoscaling;
        this.scalingProfile = builder.scalingProfile;
        this.awsLocalCap = builder.awsLocalCap;
        this.access = new EdgeAccess(builder.allowedOrigins, builder.anyOrigin, builder.allowedHosts);
        this.stateDir = builder.stateDir == null ? null : builder.stateDir.toAbsolutePath().normalize();
        this.freshState = builder.freshState;
        this.stopTimeout = builder.stopTimeout;
        this.stopReport = builder.stopReport;
        this.clock = builder.clock;
        this.concurrentInits = builder.concurrentInits;
        this.faults = externalAwsEndpoint == null ? new Faults() : new Faults(java.util.Set.of("lambda"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the edge, starts every service and begins serving. If any part fails to start, the parts already running
     * are stopped before the exception propagates.
     */
    public synchronized LocalCloud start() {
        if (closed) {
            throw new IllegalStateException("local cloud is closed; build a new one");
        }
        if (started) {
            return this;
        }
        started = true;
        shutdownHook = new Thread(this::close, "sluice-local-cloud-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook); // Ctrl-C stops the function JVMs too
        try {
            Files.createDirectories(workDir);
            if (stateDir != null) {
                if (freshState) {
                    StateStore.delete(stateDir);
                }
                state = started("state", StateStore.open(stateDir)); // stopped last: the others write to it
            }
            edge = new EdgeServer(host, port, access);
            CloudContext context = CloudContext.local(edge.endpoint(), region);
            for (EdgeService service : services(context)) {
                edge.register(service);
            }
            if (state != null) {
                lambda.persistTo(state); // after the autoscaler took the mappings, before anyone can call
                if (events != null) {
                    events.persistTo(state);
                }
            }
            edge.start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot create the work directory " + workDir, e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        if (state != null) {
            LOG.info("Local cloud state kept in {}", state.directory());
        }
        if (externalAwsEndpoint != null) {
            LOG.info("Local cloud ready on {} (Lambda only; SQS and EventBridge at {}; region {}, work dir {})",
                    edge.endpoint(), externalAwsEndpoint, region, workDir);
        } else {
            LOG.info("Local cloud ready on {} (region {}, work dir {})", edge.endpoint(), region, workDir);
        }
        return this;
    }

    /**
     * Every service of the local cloud, started in this order: the one place a service is added (docs/ARCHITECTURE.md,
     * "Where to add"). The edge routes by each service's claims, so the order of the list does not matter to it.
     * Attached to another emulator, the edge serves Lambda, its logs (CloudWatch Logs) and Sluice's own pages, and the
     * rest is that emulator's.
     */
    private List<EdgeService> services(CloudContext context) {
        Path lambdaDir = workDir.resolve("lambda");
        if (externalAwsEndpoint != null) {
            // Pollers, destinations and the autoscaler share one client over HTTP.
            SqsClient sqsClient = started("SQS client", LocalClients.pollingSqs(externalAwsEndpoint, region));
            lambda = started("Lambda", new LambdaService(new LambdaSettings(context, externalAwsEndpoint,
                    externalAwsEndpoint, lambdaDir), sqsClient));
            lambda.setConcurrentInits(concurrentInits);
            lambda.injectFaults(faults);
            return List.of(faulty("lambda", lambda), new LogsService(lambda.logs()), sluice(sqsClient),
                    new FaultsApi(faults));
        }
        sqs = started("SQS", new SqsService(context, state));
        // Pollers, rule targets, destinations and the autoscaler share one client: sends, receives and deletes go to
        // ElasticMQ's queue actors in this JVM, the rare rest over HTTP.
        SqsClient sqsClient = started("SQS client",
                sqs.inProcessClient(LocalClients.pollingSqs(sqs.directEndpoint(), region)));
        lambda = started("Lambda", new LambdaService(new LambdaSettings(context, context.endpoint(),
                sqs.directEndpoint(), lambdaDir), sqsClient));
        lambda.setConcurrentInits(concurrentInits);
        events = started("EventBridge", new EventBridgeService(context, sqsClient, lambda, clock));
        lambda.injectFaults(faults);
        return List.of(faulty("sqs", sqs), faulty("events", events), faulty("lambda", lambda),
                new LogsService(lambda.logs()), new StsService(context), sluice(sqsClient), new FaultsApi(faults));
    }

    /**
     * {@code service} as the edge serves it: with the API faults declared for it ({@code sqs}, {@code events},
     * {@code lambda}). The cloud's own calls between services do not pass the edge, so faults do not touch them.
     */
    private EdgeService faulty(String name, EdgeService service) {
        return new FaultyService(name, service, faults);
    }

    /** Sluice's own pages ({@code /_sluice/...}: health, status, dashboard, metrics), after the autoscaler (if on). */
    private SluiceService sluice(SqsClient queues) {
        if (autoscaling) {
            Autoscaler scaler = Autoscaler.forLambda(lambda, queues, Clock.systemUTC());
            scaler.profile(scalingProfile, awsLocalCap);
            autoscaler = started("autoscaler", scaler.start());
        }
        return new SluiceService(lambda, autoscaler, Clock.systemUTC(), events, faults);
    }

    private <T extends AutoCloseable> T started(String name, T part) {
        parts.push(new Part(name, part));
        return part;
    }

    /**
     * Stops {@code part} when this cloud closes (on Ctrl-C too), before the cloud's own services: the clients, demo
     * traffic and anything else a caller runs against the cloud. Parts given later are stopped first.
     *
     * @return {@code part}
     */
    public synchronized <T extends AutoCloseable> T closeFirst(T part) {
        if (closed) {
            throw new IllegalStateException("local cloud is closed");
        }
        closeFirst.push(new Part(part.getClass().getSimpleName(), part));
        return part;
    }

    /** The edge endpoint every AWS client and the CLI use, e.g. {@code http://127.0.0.1:4566}. */
    public URI endpoint() {
        return running(edge).endpoint();
    }

    public SqsService sqs() {
        return running(local(sqs, "SQS"));
    }

    public EventBridgeService events() {
        return running(local(events, "EventBridge"));
    }

    /** The emulator this cloud is attached to, if any (see {@link Builder#externalAwsEndpoint(URI)}). */
    public Optional<URI> externalAwsEndpoint() {
        return Optional.ofNullable(externalAwsEndpoint);
    }

    public LambdaService lambda() {
        return running(lambda);
    }

    /**
     * Sizes every SQS event source mapping by its queue's backlog; configure mappings from template metadata with
     * {@link Autoscaler#configure(dev.sluice.local.template.DeployResult)} and override settings with
     * {@link Autoscaler#override}.
     *
     * @throws IllegalStateException when autoscaling is off ({@link Builder#autoscaling(boolean)})
     */
    public Autoscaler autoscaler() {
        if (started && !autoscaling) {
            throw new IllegalStateException("autoscaling is off for this local cloud");
        }
        return running(autoscaler);
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * The faults this cloud injects ({@code sluice chaos}, {@code /_sluice/faults}): add, list and remove them from a
     * test in the same JVM.
     */
    public Faults faults() {
        return faults;
    }

    /** Where this cloud keeps its state ({@link Builder#persist(Path)}), if it does. */
    public Optional<Path> stateDir() {
        return Optional.ofNullable(stateDir);
    }

    /**
     * Stops this cloud as {@code kill -9} would stop its process: the state on disk stays exactly as it is now (nothing
     * more is written: no pending event, no batch given back), function JVMs are killed, nothing waits. For tests of a
     * crash: a new cloud built with the same {@link Builder#persist(Path)} folder then starts from that state.
     */
    public synchronized void kill() {
        if (closed) {
            return;
        }
        killed = true;
        if (state != null) {
            state.halt();
        }
        close();
    }

    /**
     * Stops everything: the edge first (no new request), then the callers' parts ({@link #closeFirst}), then the
     * services in reverse start order (function JVMs included). Idempotent, also safe mid-start; the JVM shutdown hook
     * calls it too.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!closeFirst.isEmpty()) {
            Part part = closeFirst.pop();
            stop(part.name(), part.part());
        }
        String report = started && !killed && lambda != null ? stopCleanly() : null;
        stop("edge", edge);
        long pendingDeliveries = events == null ? 0 : events.pendingDeliveries();
        while (!parts.isEmpty()) {
            Part part = parts.pop();
            stop(part.name(), part.part());
        }
        if (report != null) {
            if (pendingDeliveries > 0) {
                report += ", " + pendingDeliveries + " EventBridge deliver" + (pendingDeliveries == 1 ? "y" : "ies")
                        + (state != null ? " kept for the next start" : " dropped (no --persist)");
            }
            stopReport.accept(report);
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The JVM is exiting and runs the hook anyway; close() has already done its work.
            }
        }
    }

    /**
     * A clean stop's first half: no new batch or asynchronous event starts, those in flight get up to
     * min(function timeout, {@link Builder#stopTimeout(Duration)}), then what is left is given back (batches to their
     * queue) or kept for the next start (with a state) or reported as dropped. Returns the summary line.
     */
    private String stopCleanly() {
        if (autoscaler != null) {
            stop("autoscaler", autoscaler); // it would start pollers again
        }
        LambdaService.StopCounts counts;
        try {
            counts = lambda.stop(stopTimeout);
        } catch (RuntimeException e) {
            LOG.warn("Stopping the functions cleanly failed: {}", e.toString());
            return null;
        }
        StringBuilder line = new StringBuilder("stopped: ").append(plural(counts.batchesFinished(), "batch", "batches"))
                .append(" finished");
        if (counts.batchesReturned() > 0) {
            line.append(", ").append(plural(counts.batchesReturned(), "batch", "batches"))
                    .append(" given back to their queue (not finished within ").append(stopTimeout.toSeconds())
                    .append(" s)");
        }
        if (counts.asyncEventsLeft() > 0 || state != null) {
            line.append(", ").append(plural(counts.asyncEventsLeft(), "async event", "async events"))
                    .append(state != null ? " kept for the next start" : " dropped (no --persist)");
        }
        return line.toString();
    }

    private static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private <T> T running(T part) {
        if (part == null || !started) {
            throw new IllegalStateException("local cloud is not started; call start() first");
        }
        return part;
    }

    private <T> T local(T part, String service) {
        if (externalAwsEndpoint != null) {
            throw new IllegalStateException(service + " is not local: this cloud is attached to " + externalAwsEndpoint);
        }
        return part;
    }

    private static void stop(String name, AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("{} did not stop cleanly", name, e);
        }
    }

    /** Settings with documented defaults; every setter is optional. */
    public static final class Builder {

        private int port = DEFAULT_PORT;
        private String host = DEFAULT_HOST;
        private String region = CloudContext.DEFAULT_REGION;
        private Path workDir = Path.of(".sluice", "local");
        private URI externalAwsEndpoint;
        private boolean autoscaling = true;
        private ScalingProfile scalingProfile = ScalingProfile.LOCAL;
        private int awsLocalCap = Autoscaler.DEFAULT_AWS_LOCAL_CAP;
        private List<String> allowedOrigins = List.of();
        private boolean anyOrigin;
        private List<String> allowedHosts = List.of();
        private Path stateDir;
        private boolean freshState;
        private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
        private Consumer<String> stopReport = line -> LOG.info("{}", line);
        private Clock clock = Clock.systemUTC();
        private int concurrentInits = StartSlots.defaultLimit();

        private Builder() {
        }

        /**
         * Keeps the cloud's state in {@code stateDir} (e.g. {@code .sluice/local/state}): queues with their messages,
         * buses, rules and targets, functions, event source mappings, invoke configs, permissions, tags, and the
         * asynchronous events and EventBridge deliveries accepted but not done. A cloud started on a folder holding
         * state starts from it; every change is on disk before it is answered, so a crash ({@code kill -9}) loses
         * nothing acknowledged. One cloud at a time per folder. Default: none (everything in memory).
         */
        public Builder persist(Path stateDir) {
            this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
            return this;
        }

        /** With {@link #persist(Path)}: deletes what the folder holds first (start empty). Default off. */
        public Builder freshState(boolean fresh) {
            this.freshState = fresh;
            return this;
        }

        /**
         * How long a clean stop ({@link #close()}, Ctrl-C, SIGTERM) waits for batches and asynchronous events in
         * flight, at most each function's timeout; default {@value LocalCloud#DEFAULT_STOP_SECONDS} s. Batches still running
         * then are given back to their queues.
         */
        public Builder stopTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("stopTimeout must be zero or more (given " + timeout + ")");
            }
            this.stopTimeout = timeout;
            return this;
        }

        /** Receives the clean stop's one-line summary ("stopped: 3 batches finished, ..."); default: logged at info. */
        public Builder onStop(Consumer<String> report) {
            this.stopReport = Objects.requireNonNull(report, "report");
            return this;
        }

        /**
         * The clock scheduled rules fire by and events are stamped with; default the system's, UTC. Tests pass one they
         * move on, to fire a {@code rate(1 minute)} rule without waiting a minute.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Browser origins allowed to call the edge besides its own ({@code http://127.0.0.1:<port>},
         * {@code http://localhost:<port>}, where the dashboard comes from), e.g. {@code http://localhost:3000} for a
         * web app that uses the AWS SDK in the browser; each {@code scheme://host[:port]}. They get CORS answers.
         * Default none: a request with any other {@code Origin} (or a cross-site {@code Sec-Fetch-Site}) is refused
         * with 403. Replaces earlier calls; {@link EdgeAccess#parseList(String)} splits a comma-separated setting.
         */
        public Builder allowedOrigins(List<String> origins) {
            this.allowedOrigins = List.copyOf(Objects.requireNonNull(origins, "allowedOrigins"));
            new EdgeAccess(allowedOrigins, false, List.of()); // reports a malformed origin here, not at start()
            return this;
        }

        /**
         * Turns the origin check off: every web page the developer opens may then call the local cloud, which runs
         * code on this machine. Only for a web app whose origin cannot be listed with {@link #allowedOrigins(List)}.
         * The {@code Host} check stays on.
         */
        public Builder allowAnyOrigin() {
            this.anyOrigin = true;
            return this;
        }

        /**
         * {@code Host} names served besides the loopback ones ({@code 127.0.0.1}, {@code localhost}, {@code [::1]},
         * {@code *.localhost}) and the bound {@link #host(String)}, e.g. {@code devbox.lan} or {@code *.test} when the
         * edge is bound to another interface and reached by name. Default none: other names get 403 (a DNS name
         * pointed at 127.0.0.1 by a web page's author must not reach the edge). Replaces earlier calls.
         */
        public Builder allowedHosts(List<String> hosts) {
            this.allowedHosts = List.copyOf(Objects.requireNonNull(hosts, "allowedHosts"));
            new EdgeAccess(List.of(), false, allowedHosts); // reports a malformed name here, not at start()
            return this;
        }

        /**
         * Whether queue depth drives the event source mappings' environments; default on. Off, each mapping polls
         * with its MaximumConcurrency (else 5) and environments start on demand.
         */
        public Builder autoscaling(boolean on) {
            this.autoscaling = on;
            return this;
        }

        /**
         * How the autoscaler sizes every mapping: {@link ScalingProfile#LOCAL} (default, Sluice's own policy) or
         * {@link ScalingProfile#AWS} (Lambda's standard-mode ramp: 5 batches, +300 per minute, capped; at most
         * {@code localCap} of them run locally, default {@value Autoscaler#DEFAULT_AWS_LOCAL_CAP}). See docs/SCALING.md.
         */
        public Builder scalingProfile(ScalingProfile profile, int localCap) {
            if (localCap < 1 || localCap > 1000) {
                throw new IllegalArgumentException("the local cap must be between 1 and 1000 (given " + localCap + ")");
            }
            this.scalingProfile = Objects.requireNonNull(profile, "profile");
            this.awsLocalCap = localCap;
            return this;
        }

        /** {@link #scalingProfile(ScalingProfile, int)} with the default local cap. */
        public Builder scalingProfile(ScalingProfile profile) {
            return scalingProfile(profile, Autoscaler.DEFAULT_AWS_LOCAL_CAP);
        }

        /**
         * How many execution environments run their init (JVM start to the runtime's first request for an invocation)
         * at once, across all functions, event source mappings, asynchronous and synchronous invocations; the others
         * wait for a slot, and their init budget starts when they get one. An SQS batch waiting so is kept invisible
         * (its receive count does not rise). Default: the machine's cores, at least 2 ({@link StartSlots#defaultLimit()}).
         */
        public Builder concurrentInits(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("concurrentInits must be at least 1 (given " + limit + ")");
            }
            this.concurrentInits = limit;
            return this;
        }

        /** Edge port; default {@value LocalCloud#DEFAULT_PORT}, 0 picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535 (given " + port + ")");
            }
            this.port = port;
            return this;
        }

        /** Interface the edge binds; default {@value LocalCloud#DEFAULT_HOST} (loopback only). */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host;
            return this;
        }

        /** Region in ARNs, queue attributes and event envelopes; default {@value CloudContext#DEFAULT_REGION}. */
        public Builder region(String region) {
            if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
                throw new IllegalArgumentException("region must look like us-east-1 (given " + region + ")");
            }
            this.region = region;
            return this;
        }

        /** Where unpacked function code and other state go; default {@code .sluice/local} under the working dir. */
        public Builder workDir(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
            return this;
        }

        /**
         * Attaches the cloud to an external emulator (e.g. LocalStack at {@code http://127.0.0.1:4566}) that serves
         * SQS and EventBridge: the edge then serves only Lambda; default none (everything local).
         */
        public Builder externalAwsEndpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "externalAwsEndpoint");
            if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())
                    || endpoint.getHost() == null) {
                throw new IllegalArgumentException("externalAwsEndpoint must be an http(s) URL with a host (given "
                        + endpoint + ")");
            }
            this.externalAwsEndpoint = endpoint;
            return this;
        }

        public LocalCloud build() {
            return new LocalCloud(this);
        }
    }
}
