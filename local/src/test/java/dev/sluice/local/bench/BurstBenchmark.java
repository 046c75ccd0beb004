package dev.sluice.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.LineChart;
import dev.sluice.testing.TestFunctions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Queue depth driving environments, end to end through the local cloud with its default autoscaler settings: a plain
 * Java handler sleeps {@code bench.workMillis} (100 ms) per record, batch size 10, MaximumConcurrency 20.
 *
 * <ul>
 *   <li>burst: {@code bench.messages} (5,000) messages wait on the queue when the function is mapped to it; reports
 *       the time from that backlog to the first scale step, to the maximum, the drain time against the ideal
 *       (messages x work / maximum concurrency) and the time back to the minimum.
 *   <li>ramp: a send rate rising from 10 to 150 messages/s over 30 s, held 10 s, falling back over 30 s; reports
 *       scale-downs while the backlog stands (flapping) and how closely environments follow rate x work.
 * </ul>
 *
 * Depth, environments and counters are sampled every 200 ms (queue attributes and {@code /_sluice/status}); the
 * autoscaler's own decisions come from {@code /_sluice/history}. Writes docs/bench/burst.{json,csv,svg} and
 * ramp.{json,csv,svg}.
 *
 * <pre>local/bench/run.sh burst   # or: BurstBenchmark burst|ramp|all</pre>
 */
public final class BurstBenchmark {

    private static final int MESSAGES = Integer.getInteger("bench.messages", 5000);
    private static final int WORK_MILLIS = Integer.getInteger("bench.workMillis", 100);
    private static final int BATCH_SIZE = 10;
    private static final int MAX_CONCURRENCY = 20;
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(200);
    private static final Duration SCALE_DOWN_LIMIT = Duration.ofSeconds(120);

    private static PrintStream console = System.out;

    private BurstBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "all" : args[0];
        if (!List.of("burst", "ramp", "all").contains(which)) {
            throw new IllegalArgumentException("usage: BurstBenchmark [burst|ramp|all] (given " + which + ")");
        }
        if (!Boolean.getBoolean("bench.verbose")) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream())); // function output
        }
        if (!which.equals("ramp")) {
            burst();
        }
        if (!which.equals("burst")) {
            ramp();
        }
        System.exit(0);
    }

    private static void burst() throws Exception {
        Map<String, Object> results = header("burst: " + MESSAGES + " messages at once", "local/bench/run.sh burst");
        try (Rig rig = new Rig("burst")) {
            // The burst is waiting on the queue when the function is connected to it, so the drain is measured
            // against the ideal alone, not against how fast this machine can send 5,000 messages.
            long sendStart = System.nanoTime();
            rig.sendAll(MESSAGES);
            double sent = seconds(sendStart, System.nanoTime());
            log("burst: %d messages on the queue after %.1f s; connecting the function", MESSAGES, sent);
            rig.depth();
            long connect = System.nanoTime();
            long connectEpoch = System.currentTimeMillis();
            rig.connect();
            Sampler sampler = rig.startSampler(connect);
            Bench.await("the queue to drain", Duration.ofMinutes(10),
                    () -> sampler.last().records() >= MESSAGES && sampler.last().backlog() == 0);
            double drained = sampler.last().t();
            log("burst: drained at %.1f s; waiting for the environments to scale back down", drained);
            Bench.await("the environments to scale back down", SCALE_DOWN_LIMIT,
                    () -> sampler.last().running() == 0);
            double down = sampler.last().t();
            List<Sample> samples = sampler.finish();
            JsonNode points = rig.history();

            double firstStep = firstDecisionAtLeast(points, 1, connectEpoch);
            // Environments from the autoscaler's points too: they start at the mapping, before the sampler's first read.
            double firstEnvironment = earliest(first(samples, s -> s.running() > 0),
                    firstPointAtLeast(points, "running", 1, connectEpoch));
            double firstAboveOne = firstDecisionAtLeast(points, 2, connectEpoch);
            double decidedMax = firstDecisionAtLeast(points, MAX_CONCURRENCY, connectEpoch);
            double runningMax = earliest(first(samples, s -> s.running() >= MAX_CONCURRENCY),
                    firstPointAtLeast(points, "running", MAX_CONCURRENCY, connectEpoch));
            double busyMax = earliest(first(samples, s -> s.busy() >= MAX_CONCURRENCY),
                    firstPointAtLeast(points, "busy", MAX_CONCURRENCY, connectEpoch));
            double firstRecords = first(samples, s -> s.records() > 0);
            double firstDone = first(samples, s -> s.records() > MAX_CONCURRENCY * BATCH_SIZE);
            double ideal = MESSAGES * (WORK_MILLIS / 1000.0) / MAX_CONCURRENCY;
            double firstScaleDown = firstDecreaseAfter(points, connectEpoch);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("secondsToSendTheBurstBeforehand", Bench.round(sent));
            report.put("backlogToFirstScaleStepSeconds", Bench.round(firstStep));
            report.put("backlogToFirstEnvironmentStartingSeconds", Bench.round(firstEnvironment));
            report.put("backlogToDesiredAboveOneSeconds", Bench.round(firstAboveOne));
            report.put("backlogToDesiredMaximumSeconds", Bench.round(decidedMax));
            report.put("backlogToRunningMaximumSeconds", Bench.round(runningMax));
            report.put("backlogToAllMaximumBusySeconds", Bench.round(busyMax));
            report.put("maxRunning", samples.stream().mapToInt(Sample::running).max().orElse(0));
            report.put("maxBusy", samples.stream().mapToInt(Sample::busy).max().orElse(0));
            report.put("drainSeconds", Bench.round(drained));
            report.put("idealDrainSeconds", Bench.round(ideal));
            report.put("drainOverIdeal", Bench.round(drained / ideal));
            Sample steadyFrom = samples.stream().filter(s -> s.t() >= 10).findFirst().orElse(sampler.last());
            report.put("backlogToFirstRecordsHandedOverSeconds", Bench.round(firstRecords));
            report.put("backlogToFirstBatchesDoneSeconds", Bench.round(firstDone));
            report.put("firstSampleSeconds", Bench.round(samples.isEmpty() ? Double.NaN : samples.get(0).t()));
            report.put("steadyStateRecordsPerSecond", Bench.round((MESSAGES - steadyFrom.records())
                    / (drained - steadyFrom.t())));
            report.put("idealRecordsPerSecond", Bench.round(MAX_CONCURRENCY * 1000.0 / WORK_MILLIS));
            report.put("firstScaleDownDecisionAfterDrainSeconds", Bench.round(firstScaleDown - drained));
            report.put("drainToZeroEnvironmentsSeconds", Bench.round(down - drained));
            report.put("errors", sampler.last().errors());
            report.put("recordsHandled", sampler.last().records());
            conclude("burst", results, report, samples, points, connectEpoch);
            new LineChart("Burst: " + MESSAGES + " messages x " + WORK_MILLIS + " ms, batch " + BATCH_SIZE
                    + ", MaximumConcurrency " + MAX_CONCURRENCY, "messages", "environments", times(samples))
                    .left("queue depth (visible + in flight)", "#2f6fdf", values(samples, s -> s.backlog()))
                    .right("running", "#e07b00", null, values(samples, s -> s.running()))
                    .right("busy", "#1a9a63", null, values(samples, s -> s.busy()))
                    .right("desired", "#8a4fd6", "5 4", values(samples, s -> s.desired()))
                    .marker("first scale step", firstStep)
                    .marker("maximum running", runningMax)
                    .marker("drained", drained)
                    .marker("ideal drain", ideal)
                    .write(Bench.outputDir().resolve("burst.svg"));
        }
    }

    private static void ramp() throws Exception {
        double rise = 30;
        double hold = 10;
        double fall = 30;
        double low = 10;
        double high = 150;
        DoubleUnaryOperator rate = t -> t < rise ? low + (high - low) * t / rise
                : t < rise + hold ? high
                : t < rise + hold + fall ? high - (high - low) * (t - rise - hold) / fall
                : 0;
        double end = rise + hold + fall;
        Map<String, Object> results = header("ramp: 10 -> 150 -> 10 messages/s over " + (int) end + " s",
                "local/bench/run.sh burst (ramp)");
        try (Rig rig = new Rig("ramp")) {
            rig.connect();
            Thread.sleep(2000); // the autoscaler sees the idle mapping before the first message
            long start = System.nanoTime();
            long startEpoch = System.currentTimeMillis();
            Sampler sampler = rig.startSampler(start);
            int sent = rig.sendAtRate(rate, end, start);
            log("ramp: %d messages sent", sent);
            Bench.await("the queue to drain", Duration.ofMinutes(5), () -> sampler.last().backlog() == 0
                    && sampler.last().records() >= sent);
            double drained = sampler.last().t();
            Bench.await("the environments to scale back down", SCALE_DOWN_LIMIT, () -> sampler.last().running() == 0);
            List<Sample> samples = sampler.finish();
            JsonNode points = rig.history();

            // Flapping: the autoscaler lowering its decision while the rate still rises or holds (the backlog stands),
            // and any lowering followed by a raise within 10 s.
            int downWhileRising = 0;
            int reversals = 0;
            double lastDown = Double.NEGATIVE_INFINITY;
            int previous = -1;
            for (JsonNode point : points) {
                double t = (point.path("t").asLong() - startEpoch) / 1000.0;
                int desired = point.path("desired").asInt();
                if (t >= 0 && previous >= 0) {
                    if (desired < previous) {
                        lastDown = t;
                        if (t < rise + hold) {
                            downWhileRising++;
                        }
                    } else if (desired > previous && t - lastDown <= 10) {
                        reversals++;
                    }
                }
                previous = desired;
            }
            double absError = 0;
            int counted = 0;
            double sumRate = 0;
            double sumRunning = 0;
            List<double[]> pairs = new ArrayList<>();
            for (Sample s : samples) {
                if (s.t() >= 0 && s.t() <= end) {
                    double needed = Math.ceil(rate.applyAsDouble(s.t()) * WORK_MILLIS / 1000.0);
                    absError += Math.abs(s.busy() - needed);
                    counted++;
                    sumRate += needed;
                    sumRunning += s.running();
                    pairs.add(new double[] {needed, s.running()});
                }
            }
            double peakNeeded = Math.ceil(high * WORK_MILLIS / 1000.0);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("messagesSent", sent);
            report.put("peakEnvironmentsNeeded", (int) peakNeeded);
            report.put("maxRunning", samples.stream().mapToInt(Sample::running).max().orElse(0));
            report.put("maxBusy", samples.stream().mapToInt(Sample::busy).max().orElse(0));
            report.put("scaleDownDecisionsWhileRateRisesOrHolds", downWhileRising);
            report.put("raisesWithin10sOfALowering", reversals);
            report.put("meanAbsBusyMinusNeeded", Bench.round(absError / Math.max(1, counted)));
            report.put("meanNeeded", Bench.round(sumRate / Math.max(1, counted)));
            report.put("meanRunning", Bench.round(sumRunning / Math.max(1, counted)));
            report.put("correlationNeededRunning", Bench.round(correlation(pairs)));
            report.put("firstRunningAtPeakNeededSeconds", Bench.round(first(samples, s -> s.running() >= peakNeeded)));
            report.put("drainedSeconds", Bench.round(drained));
            report.put("errors", sampler.last().errors());
            conclude("ramp", results, report, samples, points, startEpoch);
            double[] needed = new double[samples.size()];
            for (int i = 0; i < needed.length; i++) {
                needed[i] = Math.ceil(rate.applyAsDouble(samples.get(i).t()) * WORK_MILLIS / 1000.0);
            }
            new LineChart("Ramp: 10 -> 150 -> 10 messages/s, " + WORK_MILLIS + " ms each, MaximumConcurrency "
                    + MAX_CONCURRENCY, "messages", "environments", times(samples))
                    .left("queue depth (visible + in flight)", "#2f6fdf", values(samples, s -> s.backlog()))
                    .right("needed (rate x work)", "#999999", "2 3", needed)
                    .right("running", "#e07b00", null, values(samples, s -> s.running()))
                    .right("desired", "#8a4fd6", "5 4", values(samples, s -> s.desired()))
                    .marker("peak rate", rise)
                    .marker("rate falls", rise + hold)
                    .marker("sending stops", end)
                    .write(Bench.outputDir().resolve("ramp.svg"));
        }
    }

    // ---- the cloud, the function and the queue ----

    /** A local cloud with the sleeping function mapped to one queue (batch 10, MaximumConcurrency 20). */
    private static final class Rig implements AutoCloseable {

        private final LocalCloud cloud;
        private final LambdaClient lambda;
        private final SqsClient sqs;
        private final HttpClient http = HttpClient.newHttpClient();
        private final String name;
        private final String queueUrl;
        private volatile String uuid;

        Rig(String name) throws IOException {
            Path work = Files.createTempDirectory("sluice-bench-" + name);
            cloud = LocalCloud.builder().port(0).workDir(work).build().start();
            lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1");
            sqs = LocalClients.create(SqsClient.builder(), cloud.sqs().directEndpoint(), "us-east-1");
            SdkBytes zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
            lambda.createFunction(r -> r.functionName("sleeper").runtime(Runtime.JAVA17)
                    .handler(TestFunctions.SLEEP).role("arn:aws:iam::000000000000:role/bench")
                    .timeout(60).memorySize(256)
                    .environment(e -> e.variables(Map.of("WORK_MILLIS", Integer.toString(WORK_MILLIS))))
                    .code(c -> c.zipFile(zip)));
            queueUrl = sqs.createQueue(r -> r.queueName(name)
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
            this.name = name;
        }

        /** Maps the queue to the function: batch size 10, MaximumConcurrency 20. */
        void connect() {
            uuid = lambda.createEventSourceMapping(r -> r.functionName("sleeper")
                    .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:" + name).batchSize(BATCH_SIZE)
                    .scalingConfig(s -> s.maximumConcurrency(MAX_CONCURRENCY))).uuid();
        }

        /** Sends {@code count} messages in batches of 10 from four threads. */
        void sendAll(int count) throws Exception {
            ExecutorService senders = Executors.newFixedThreadPool(4);
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                done.add(senders.submit(() -> {
                    int first;
                    while ((first = next.getAndAdd(10)) < count) {
                        send(first, Math.min(10, count - first));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            senders.shutdown();
        }

        /** Sends at {@code rate(t)} messages per second (t in seconds since start) until {@code end}. */
        int sendAtRate(DoubleUnaryOperator rate, double end, long start) throws InterruptedException {
            int sent = 0;
            double owed = 0;
            long tick = Duration.ofMillis(100).toNanos();
            for (long at = start; ; at += tick) {
                double t = seconds(start, at);
                if (t >= end) {
                    return sent;
                }
                owed += rate.applyAsDouble(t) * 0.1;
                while (owed >= 1) {
                    int n = (int) Math.min(10, Math.floor(owed));
                    send(sent, n);
                    sent += n;
                    owed -= n;
                }
                long sleep = at + tick - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        }

        private void send(int first, int n) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("work " + (first + i))
                        .build());
            }
            sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }

        /** Starts sampling (after one warm-up read, so the first sample is not late). */
        Sampler startSampler(long origin) throws IOException, InterruptedException {
            depth();
            status();
            Sampler sampler = new Sampler(this, origin);
            sampler.start();
            return sampler;
        }

        JsonNode status() throws IOException, InterruptedException {
            JsonNode root = get("/_sluice/status");
            for (JsonNode mapping : root.path("mappings")) {
                if (uuid.equals(mapping.path("uuid").asText())) {
                    return mapping;
                }
            }
            throw new IllegalStateException("mapping " + uuid + " is missing from /_sluice/status");
        }

        /** The autoscaler's points for the mapping over the last 15 minutes. */
        JsonNode history() throws IOException, InterruptedException {
            return get("/_sluice/history?seconds=900").path("mappings").path(uuid).path("points");
        }

        long[] depth() {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return new long[] {Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                    Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))};
        }

        private JsonNode get(String path) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(cloud.endpoint().resolve(URI.create(path)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return Bench.JSON.readTree(response.body());
        }

        @Override
        public void close() {
            lambda.close();
            sqs.close();
            cloud.close();
        }
    }

    // ---- sampling ----

    /** One sample; {@code t} in seconds since the mapping was created (burst) or the first message sent (ramp). */
    private record Sample(double t, long visible, long inFlight, int running, int busy, int desired, long records,
                          long errors) {
        long backlog() {
            return visible + inFlight;
        }
    }

    /** Reads the queue and the status every 200 ms on its own thread, from {@code origin} on. */
    private static final class Sampler extends Thread {

        private final Rig rig;
        private final long origin;
        private final List<Sample> samples = new ArrayList<>();
        private volatile Sample last;
        private volatile boolean sampling = true;

        Sampler(Rig rig, long origin) {
            super("bench-sampler");
            this.rig = rig;
            this.origin = origin;
            setDaemon(true);
        }

        /** The latest sample, or one of an empty queue with nothing handled before the first. */
        Sample last() {
            Sample sample = last;
            return sample == null ? new Sample(0, 1, 0, 0, 0, 0, 0, 0) : sample;
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            while (sampling) {
                try {
                    long[] depth = rig.depth();
                    JsonNode mapping = rig.status();
                    JsonNode environments = mapping.path("environments");
                    Sample sample = new Sample(seconds(origin, System.nanoTime()), depth[0], depth[1],
                            environments.path("running").asInt(), environments.path("busy").asInt(),
                            environments.path("desired").asInt(), mapping.path("records").asLong(),
                            mapping.path("errors").asLong());
                    synchronized (samples) {
                        samples.add(sample);
                    }
                    last = sample;
                    next += SAMPLE_EVERY.toNanos();
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000);
                    } else {
                        next = System.nanoTime();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    log("sampler: %s", e);
                }
            }
        }

        /** Stops sampling and returns every sample, oldest first. */
        List<Sample> finish() throws InterruptedException {
            sampling = false;
            join(5000);
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }
    }

    // ---- results ----

    private static Map<String, Object> header(String name, String command) {
        Map<String, Object> results = Bench.results(name, command);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("workMillisPerRecord", WORK_MILLIS);
        settings.put("batchSize", BATCH_SIZE);
        settings.put("maximumConcurrency", MAX_CONCURRENCY);
        settings.put("autoscaler", "defaults (desired = batches in flight + ceil(waiting / 10), poll 500 ms, "
                + "step +10 / -2 per decision, scale-down stabilisation 10 s, idle to zero 30 s, minimum 0)");
        settings.put("sampleEveryMillis", SAMPLE_EVERY.toMillis());
        settings.put("functionRuntime", "java17 plain handler, 256 MB");
        results.put("settings", settings);
        return results;
    }

    /** Ends a scenario: its report joins the results, which are logged and written with its samples and decisions. */
    private static void conclude(String name, Map<String, Object> results, Map<String, Object> report,
            List<Sample> samples, JsonNode points, long originEpoch) throws IOException {
        results.put("results", report);
        results.put("loadAverageAtEnd", Bench.loadAverage());
        log(name + ": %s", report);
        write(name, results, samples);
        writeDecisions(name, points, originEpoch);
    }

    private static void write(String name, Map<String, Object> results, List<Sample> samples) throws IOException {
        Bench.write(name, results);
        StringBuilder csv = new StringBuilder("seconds,visible,in_flight,backlog,running,busy,desired,records,errors\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%.3f,%d,%d,%d,%d,%d,%d,%d,%d%n", s.t(), s.visible(), s.inFlight(),
                    s.backlog(), s.running(), s.busy(), s.desired(), s.records(), s.errors()));
        }
        Path file = Bench.outputDir().resolve(name + ".csv");
        Files.writeString(file, csv);
        console.println("wrote " + file);
    }

    /** The autoscaler's own points (one per poll) as {@code NAME-decisions.csv}, seconds since {@code originEpoch}. */
    private static void writeDecisions(String name, JsonNode points, long originEpoch) throws IOException {
        StringBuilder csv = new StringBuilder("seconds,visible,in_flight,backlog,running,busy,desired,reason\n");
        for (JsonNode p : points) {
            csv.append(String.format(Locale.ROOT, "%.3f,%d,%d,%d,%d,%d,%d,%s%n",
                    (p.path("t").asLong() - originEpoch) / 1000.0, p.path("visible").asLong(),
                    p.path("inFlight").asLong(), p.path("backlog").asLong(), p.path("running").asInt(),
                    p.path("busy").asInt(), p.path("desired").asInt(), p.path("reason").asText()));
        }
        Path file = Bench.outputDir().resolve(name + "-decisions.csv");
        Files.writeString(file, csv);
        console.println("wrote " + file);
    }

    /** Seconds from {@code sinceEpochMillis} to the first autoscaler point whose {@code field} is at least {@code n}. */
    private static double firstPointAtLeast(JsonNode points, String field, int n, long sinceEpochMillis) {
        for (JsonNode point : points) {
            if (point.path("t").asLong() >= sinceEpochMillis && point.path(field).asInt() >= n) {
                return (point.path("t").asLong() - sinceEpochMillis) / 1000.0;
            }
        }
        return Double.NaN;
    }

    /** Seconds from {@code sinceEpochMillis} to the first autoscaler point deciding at least {@code environments}. */
    private static double firstDecisionAtLeast(JsonNode points, int environments, long sinceEpochMillis) {
        for (JsonNode point : points) {
            if (point.path("t").asLong() >= sinceEpochMillis && point.path("desired").asInt() >= environments) {
                return (point.path("t").asLong() - sinceEpochMillis) / 1000.0;
            }
        }
        return Double.NaN;
    }

    /** Seconds from the send start to the first decision lower than the one before (after the peak). */
    private static double firstDecreaseAfter(JsonNode points, long sinceEpochMillis) {
        int previous = -1;
        for (JsonNode point : points) {
            int desired = point.path("desired").asInt();
            if (point.path("t").asLong() >= sinceEpochMillis && previous > 0 && desired < previous) {
                return (point.path("t").asLong() - sinceEpochMillis) / 1000.0;
            }
            previous = desired;
        }
        return Double.NaN;
    }

    private static double first(List<Sample> samples, java.util.function.Predicate<Sample> condition) {
        return samples.stream().filter(s -> s.t() >= 0).filter(condition).mapToDouble(Sample::t).findFirst()
                .orElse(Double.NaN);
    }

    /** The smaller of two times, either of which may be NaN (never seen). */
    private static double earliest(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static double correlation(List<double[]> pairs) {
        int n = pairs.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = pairs.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = pairs.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (double[] p : pairs) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
            syy += (p[1] - my) * (p[1] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[] times(List<Sample> samples) {
        return samples.stream().mapToDouble(s -> Math.max(0, s.t())).toArray();
    }

    private static double[] values(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).toArray();
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private static void log(String format, Object... args) {
        console.printf(Locale.ROOT, format + "%n", args);
    }
}
