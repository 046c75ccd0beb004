package dev.sluice.local.scaling;

import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.lambda.eventsource.EventSourceMappingStats;
import dev.sluice.local.lambda.LambdaService;
import dev.sluice.local.sqs.RedrivePolicy;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.DeployedResource;
import dev.sluice.scaling.ScalingSetting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local autoscaler: per SQS event source mapping, every {@code pollInterval} it reads the queue's backlog
 * (GetQueueAttributes, not the mapping's pollers, so a mapping scaled to zero still wakes up, as with KEDA),
 * asks {@link ScalingPolicy} how many environments to run and applies the answer: the mapping's pollers, and the
 * function's warm environments (started at once going up, idle ones stopped at once going down).
 *
 * <p>A mapping is sized from its queue's waiting messages and its batches in flight ({@link ScalingPolicy}).
 *
 * <p>Settings per mapping, later layers win: the defaults, {@code maximum} = the mapping's MaximumConcurrency (else
 * 5), {@code profile} and {@code awsLocalCap} = the run's ({@link #profile(ScalingProfile, int)}), the template's
 * {@value #METADATA_KEY} metadata ({@link #configure}), overrides for every mapping and then per function
 * ({@link #override}), and last a function's profile ({@link #profile(String, ScalingProfile)}). Under the
 * {@link ScalingProfile#AWS} profile a mapping follows {@link AwsRamp} in standard mode, or
 * {@link AwsProvisionedMode} when it has ProvisionedPollerConfig. Mappings are discovered on every tick (and at once when the Lambda service
 * reports a new one, see {@link #forLambda}), so ones created through the API are scaled with the defaults.
 *
 * <p>Each change is logged at debug with its inputs, and the last decisions and a {@link #HISTORY} of samples are
 * kept for status ({@link #mapping(String)}).
 */
public final class Autoscaler implements AutoCloseable {

    /** The event source mapping's metadata key that carries its settings (as written by {@code QueueFunction}). */
    public static final String METADATA_KEY = ScalingSetting.METADATA_KEY;
    /** How much history each mapping keeps. */
    public static final Duration HISTORY = Duration.ofMinutes(15);
    static final String REDRIVE_POLICY = "RedrivePolicy";
    /** Under the AWS profile, most environments run locally per mapping, whatever AWS would run. */
    public static final int DEFAULT_AWS_LOCAL_CAP = 10;

    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);
    private static final long TICK_MILLIS = 50;
    private static final List<String> DEPTH = List.of(QueueBacklog.VISIBLE, QueueBacklog.IN_FLIGHT, QueueBacklog.DELAYED);
    private static final List<String> ATTRIBUTES = List.of(QueueBacklog.VISIBLE, QueueBacklog.IN_FLIGHT,
            QueueBacklog.DELAYED, REDRIVE_POLICY);

    private final Supplier<? extends Collection<? extends ScalingTarget>> targets;
    private final QueueAttributes queues;
    private final Clock clock;
    private final Map<String, ScaledMapping> mappings = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> configured = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> functionOverrides = new ConcurrentHashMap<>();
    private volatile Map<String, Object> overrides = Map.of();
    private volatile long settingsVersion;
    private volatile ScalingProfile profile = ScalingProfile.LOCAL;
    private final Map<String, ScalingProfile> functionProfiles = new ConcurrentHashMap<>();
    private volatile int awsLocalCap = DEFAULT_AWS_LOCAL_CAP;
    private final Object tickLock = new Object();
    private ScheduledExecutorService scheduler;
    /** Hands the mappings' concurrency to this autoscaler (with a wake-up) on start, and back (null) on close. */
    private Consumer<Runnable> owner = wake -> { };

    /**
     * @param targets the mappings to scale, read on every tick
     * @param queues  reads queue attributes
     * @param clock   the time of decisions and samples
     */
    public Autoscaler(Supplier<? extends Collection<? extends ScalingTarget>> targets, QueueAttributes queues,
                      Clock clock) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An autoscaler for the local Lambda service's mappings, reading queues through {@code sqs}. */
    /**
     * An autoscaler for the local Lambda service's mappings, reading queues through {@code sqs}. Once started it
     * owns their concurrency ({@link LambdaService#scaleMappingsWith}): a new mapping starts with no poller and
     * this autoscaler decides at once, so activation goes through the policy.
     */
    public static Autoscaler forLambda(LambdaService lambda, SqsClient sqs, Clock clock) {
        Autoscaler autoscaler = new Autoscaler(new LambdaScalingTargets(lambda), new SqsQueueAttributes(sqs), clock);
        autoscaler.owner = lambda::scaleMappingsWith;
        return autoscaler;
    }

    /** Starts polling on a daemon thread; idempotent. */
    public synchronized Autoscaler start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("sluice-autoscaler"));
            scheduler.scheduleWithFixedDelay(this::tickQuietly, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
            owner.accept(this::wake);
        }
        return this;
    }

    /**
     * Runs a pass now instead of at the next tick, e.g. when a mapping was created; mappings that are not due are
     * not read again, so a new one is sized at once and the others keep their poll interval.
     */
    public synchronized void wake() {
        if (scheduler != null && !scheduler.isShutdown()) {
            try {
                scheduler.execute(this::tickQuietly);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile: nothing to size
            }
        }
    }

    /**
     * Settings for one mapping, e.g. its template metadata {@value #METADATA_KEY}: keys as in
     * {@link ScalingSettings#KEYS}, values strings, numbers or booleans. Replaces earlier ones for the mapping.
     */
    public void configure(String mappingUuid, Map<String, ?> settings) {
        Objects.requireNonNull(mappingUuid, "mappingUuid");
        configured.put(mappingUuid, copy(settings));
        settingsChanged();
    }

    /**
     * Configures every event source mapping of a deployed stack that carries {@value #METADATA_KEY} metadata (the
     * mapping's physical id is its UUID).
     *
     * @return how many mappings were configured
     */
    public int configure(DeployResult result) {
        int count = 0;
        for (DeployedResource resource : result.resources()) {
            if (resource.type().equals("AWS::Lambda::EventSourceMapping")
                    && resource.metadata().get(METADATA_KEY) instanceof Map<?, ?> settings) {
                Map<String, Object> values = new LinkedHashMap<>();
                settings.forEach((key, value) -> values.put(String.valueOf(key), value));
                configure(resource.physicalId(), values);
                count++;
            }
        }
        return count;
    }

    /** Overrides for every mapping (CLI flags); they win over {@link #configure} settings. */
    public void override(Map<String, ?> settings) {
        overrides = copy(settings);
        settingsChanged();
    }

    /** Overrides for the mappings of one function; they win over every other layer. */
    public void override(String functionName, Map<String, ?> settings) {
        Objects.requireNonNull(functionName, "functionName");
        functionOverrides.put(functionName, copy(settings));
        settingsChanged();
    }

    /**
     * The run's profile, from the next poll of every mapping whose settings do not name one (template metadata
     * {@code profile}, {@code --scaling profile=...}): {@link ScalingProfile#LOCAL} (the default) or
     * {@link ScalingProfile#AWS}, which follows Lambda's scaling and runs at most {@code localCap} environments of it
     * (unless a mapping's settings give {@code awsLocalCap}).
     */
    public void profile(ScalingProfile profile, int localCap) {
        ScalingSetting cap = ScalingSetting.AWS_LOCAL_CAP;
        if (localCap < cap.min() || localCap > cap.max()) {
            throw new IllegalArgumentException("the local cap must be between " + cap.min() + " and " + cap.max()
                    + " (given " + localCap + ")");
        }
        this.profile = Objects.requireNonNull(profile, "profile");
        this.awsLocalCap = localCap;
        settingsChanged();
    }

    public ScalingProfile profile() {
        return profile;
    }

    /**
     * The profile of one function's mappings; it wins over every other layer: the mapping's settings and the run's
     * ({@link #profile(ScalingProfile, int)}).
     */
    public void profile(String functionName, ScalingProfile profile) {
        functionProfiles.put(Objects.requireNonNull(functionName, "functionName"),
                Objects.requireNonNull(profile, "profile"));
        settingsChanged();
    }

    /**
     * How many mappings' own settings ({@link #configure}, e.g. template metadata) choose {@code wanted}; a value that
     * does not parse counts for none (it is reported when the mapping is sized).
     */
    public long configuredWith(ScalingProfile wanted) {
        String key = ScalingSetting.PROFILE.key();
        return configured.values().stream().filter(settings -> settings.containsKey(key)).filter(settings -> {
            try {
                return ScalingSettings.parse(Map.of(key, settings.get(key))).profile() == wanted;
            } catch (IllegalArgumentException invalid) {
                return false;
            }
        }).count();
    }

    /** What the autoscaler knows of a mapping, or empty before it has seen it. */
    public Optional<ScaledMapping> mapping(String uuid) {
        return Optional.ofNullable(mappings.get(uuid));
    }

    /** Every mapping seen and still present. */
    public List<ScaledMapping> mappings() {
        return List.copyOf(mappings.values());
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            owner.accept(null);
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("autoscaler tick failed", e);
        }
    }

    /** One pass: every mapping whose poll is due reads its queue and is sized; then each function's warm count. */
    void tick() {
        synchronized (tickLock) {
            Instant now = clock.instant();
            Collection<? extends ScalingTarget> current = targets.get();
            Set<String> present = current.stream().map(ScalingTarget::uuid).collect(Collectors.toSet());
            mappings.keySet().retainAll(present);
            Map<String, Integer> warmByFunction = new HashMap<>();
            Map<String, ScalingTarget> functionTarget = new HashMap<>();
            for (ScalingTarget target : current) {
                ScaledMapping mapping = mappings.computeIfAbsent(target.uuid(),
                        uuid -> new ScaledMapping(uuid, target.functionName(), target.queueUrl()));
                if (target.enabled()) {
                    resolveSettings(mapping, target);
                    if (mapping.dueAt == null || !now.isBefore(mapping.dueAt)) {
                        mapping.dueAt = now.plus(mapping.settings().pollInterval());
                        poll(mapping, target, now);
                    }
                    if (target.pollers() != mapping.next) {
                        target.setPollers(mapping.next);
                    }
                    warmByFunction.merge(target.functionName(), mapping.next, Integer::sum);
                    functionTarget.putIfAbsent(target.functionName(), target);
                }
                // A disabled mapping does not poll; its function's environments are left to the idle reaper.
            }
            // Every tick, not only on change: environments released by a poller that was just stopped retire now.
            warmByFunction.forEach((function, warm) -> functionTarget.get(function).setWarm(warm));
        }
    }

    private void poll(ScaledMapping mapping, ScalingTarget target, Instant now) {
        Map<String, String> attributes;
        long backlog;
        long waiting;
        try {
            attributes = queues.get(target.queueUrl(), ATTRIBUTES);
            backlog = mapping.settings().backlog().of(attributes);
            waiting = mapping.settings().backlog().waiting(attributes);
        } catch (RuntimeException e) {
            // The queue is gone or unreadable: keep the environments as they are and say why in status.
            String error = "cannot read queue " + target.queueUrl() + ": " + e.getMessage();
            if (mapping.readFailed(error)) {
                LOG.warn("mapping {} ({}): {}", mapping.uuid(), mapping.functionName(), error);
            }
            return;
        }
        EventSourceMappingStats stats = target.stats();
        // One environment per batch being processed, however full the batch is.
        int working = mapping.settings().backlog().scaleOnInFlight() ? stats.activeBatches() : 0;
        ScalingDecision decision = decide(mapping, target, waiting, stats.activeBatches(), working, now);
        mapping.next = decision.next();
        mapping.decided(decision);
        int running = target.running();
        if (decision.changes() && LOG.isDebugEnabled()) {
            LOG.debug("mapping {} ({} <- {}): {} -> {} environments ({} running), backlog {} (visible {}, in flight"
                            + " {}, batches {}), desired {}, {}: {}", mapping.uuid(), mapping.functionName(),
                    queueName(target.queueUrl()), decision.current(), decision.next(), running, backlog,
                    attributes.get(QueueBacklog.VISIBLE), attributes.get(QueueBacklog.IN_FLIGHT), working,
                    decision.desired(), decision.reason(), decision.explanation());
        }
        Optional<ScalingSample> previous = mapping.lastSample();
        double perSecond = 0;
        if (previous.isPresent()) {
            double seconds = Duration.between(previous.get().at(), now).toNanos() / 1e9;
            perSecond = seconds > 0 ? (stats.batches() - previous.get().batches()) / seconds : 0;
        }
        mapping.batchTimes(now.toEpochMilli(), stats.completedBatches(), stats.batchNanos());
        mapping.awsDrainSeconds(projectDrain(mapping, target, count(attributes, QueueBacklog.VISIBLE)
                + count(attributes, QueueBacklog.IN_FLIGHT)));
        String deadLetterQueue = RedrivePolicy.deadLetterQueue(attributes.get(REDRIVE_POLICY));
        Long deadLetterDepth = deadLetterQueue == null ? null : depth(sibling(target.queueUrl(), deadLetterQueue));
        mapping.record(new ScalingSample(now, count(attributes, QueueBacklog.VISIBLE),
                count(attributes, QueueBacklog.IN_FLIGHT), backlog, deadLetterQueue, deadLetterDepth, running,
                target.busy(), decision.next(), perSecond, stats.failedRecords(), stats.batches(), stats.records(),
                decision.reason()), HISTORY);
    }

    /**
     * The local policy's decision, or AWS's (standard or provisioned mode; it counts every batch in flight, as Lambda
     * does).
     */
    private ScalingDecision decide(ScaledMapping mapping, ScalingTarget target, long waiting, int batchesInFlight,
                                   int working, Instant now) {
        ScalingProfile current = mapping.settings().profile();
        if (current == ScalingProfile.AWS) {
            AwsRamp.State before = mapping.awsState;
            AwsRamp.State after = AwsRamp.step(limits(target), before, waiting, batchesInFlight, now);
            mapping.awsState = after;
            mapping.profile(current, after.concurrency());
            return AwsProfile.decide(before, after, waiting, batchesInFlight, target.provisionedPollers(),
                    target.maximumConcurrency(), mapping.next, mapping.settings().awsLocalCap(), now);
        }
        // Leaving the AWS profile forgets its ramp, so coming back starts at 5 again.
        mapping.awsState = AwsRamp.State.IDLE;
        mapping.profile(current, null);
        ScalingOutcome outcome = mapping.policy.decide(mapping.state, waiting, working, mapping.next, now);
        mapping.state = outcome.state();
        return outcome.decision();
    }

    /** How AWS scales the mapping: provisioned mode with ProvisionedPollerConfig, else standard mode. */
    private static AwsRamp.Limits limits(ScalingTarget target) {
        return AwsProvisionedMode.limits(target.provisionedPollers(), target.maximumConcurrency());
    }

    /** Seconds the backlog would take to drain on AWS, or null before a batch duration was measured. */
    private static Double projectDrain(ScaledMapping mapping, ScalingTarget target, long backlog) {
        Optional<Double> perBatch = mapping.secondsPerBatch();
        if (perBatch.isEmpty() || !(perBatch.get() > 0)) {
            return backlog == 0 ? 0.0 : null;
        }
        // Under the local profile: as if the backlog had just arrived on AWS (the ramp starts at 5, or at
        // MinimumPollers x 10 in provisioned mode).
        int concurrency = mapping.awsConcurrency().orElse(0);
        return DrainProjection.seconds(backlog, Math.max(1, target.batchSize()), perBatch.get(), concurrency,
                limits(target));
    }

    private void resolveSettings(ScaledMapping mapping, ScalingTarget target) {
        long version = settingsVersion;
        Integer maximumConcurrency = target.maximumConcurrency();
        if (mapping.settings() != null && mapping.settingsVersion == version
                && Objects.equals(mapping.resolvedMaximumConcurrency, maximumConcurrency)) {
            return;
        }
        int maximum = maximumConcurrency == null ? ScalingSettings.DEFAULT_MAXIMUM : maximumConcurrency;
        ScalingProfile functionProfile = functionProfiles.get(mapping.functionName());
        ScalingSettings settings;
        String error = null;
        try {
            // The run's profile and local cap are the base; a function's profile (--scaling-profile f:aws) wins.
            ScalingSettings.Builder layered = base(maximum)
                    .apply(configured.get(mapping.uuid()))
                    .apply(overrides)
                    .apply(functionOverrides.get(mapping.functionName()));
            settings = (functionProfile == null ? layered : layered.profile(functionProfile)).build();
        } catch (IllegalArgumentException e) {
            error = e.getMessage();
            settings = base(maximum).profile(functionProfile == null ? profile : functionProfile).build();
            LOG.warn("mapping {} ({}): {}; using the defaults with maximum {}", mapping.uuid(),
                    mapping.functionName(), error, settings.maximum());
        }
        mapping.settings(settings, error);
        mapping.settingsVersion = version;
        mapping.resolvedMaximumConcurrency = maximumConcurrency;
    }

    /** Defaults with the mapping's maximum and the run's profile and local cap: the layers below every setting. */
    private ScalingSettings.Builder base(int maximum) {
        return ScalingSettings.builder().maximum(maximum).profile(profile).awsLocalCap(awsLocalCap);
    }

    private Long depth(String queueUrl) {
        try {
            Map<String, String> attributes = queues.get(queueUrl, DEPTH);
            return count(attributes, QueueBacklog.VISIBLE) + count(attributes, QueueBacklog.IN_FLIGHT)
                    + count(attributes, QueueBacklog.DELAYED);
        } catch (RuntimeException e) {
            return null; // the redrive policy names a queue that is gone: show the name without a depth
        }
    }

    private synchronized void settingsChanged() {
        settingsVersion++;
    }

    private static Map<String, Object> copy(Map<String, ?> settings) {
        return settings == null ? Map.of() : new LinkedHashMap<>(settings);
    }

    private static long count(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0; // only for display: the backlog itself is validated by QueueBacklog
        }
    }

    /** A queue URL beside another: same host and account, another name. */
    static String sibling(String queueUrl, String queueName) {
        return queueUrl.substring(0, queueUrl.lastIndexOf('/') + 1) + queueName;
    }

    static String queueName(String queueUrl) {
        return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    }
}
