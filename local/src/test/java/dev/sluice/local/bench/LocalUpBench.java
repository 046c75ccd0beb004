package dev.sluice.local.bench;

import dev.sluice.testing.BarChart;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.TemplateDeployer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What {@code sluice local up} does after the build, in one JVM: start the local cloud and deploy the example's
 * synthesized cloud assembly (cdk.out) into it. Reports the ready time (from this JVM's start and from
 * {@code LocalCloud.start()}) and the resident memory of this JVM plus every function environment, idle right after
 * the deploy and idle again after a few orders went through the whole pipeline (so that every function has a warm
 * environment).
 *
 * <pre>local/bench/run.sh localup   # -Dbench.cdkOut=DIR (default: cdk.out at the repository root)</pre>
 */
public final class LocalUpBench {

    private static final Duration IDLE = Duration.ofSeconds(Integer.getInteger("bench.idleSeconds", 10));
    private static final int ORDERS = Integer.getInteger("bench.orders", 20);
    private static final PrintStream CONSOLE = System.out;

    public static void main(String[] args) throws Exception {
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        Bench.quietFunctionOutput();
        Path cdkOut = Path.of(System.getProperty("bench.cdkOut", "cdk.out")).toAbsolutePath();
        if (!Files.isRegularFile(cdkOut.resolve("manifest.json"))) {
            throw new IllegalStateException(cdkOut + " has no manifest.json: run ./sluice synth first, or pass "
                    + "-Dbench.cdkOut=DIR");
        }
        Map<String, Object> results = Bench.results("local up: ready time and idle memory",
                "local/bench/run.sh localup");
        results.put("settings", Map.of("cdkOut", cdkOut.toString(), "idleSeconds", IDLE.toSeconds(), "orders", ORDERS,
                "jvmOptions", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        Path work = Files.createTempDirectory("sluice-bench-up");

        long start = System.nanoTime();
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(work).build().start()) {
            double startedMs = Bench.millisSince(start);
            List<DeployResult> deployed;
            try (TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), "us-east-1", line -> { })) {
                deployed = deployer.deployCloudAssembly(cdkOut);
            }
            double readyMs = Bench.millisSince(start);
            double sinceJvmMs = Duration.between(jvmStart, Instant.now()).toNanos() / 1e6;
            Map<String, Object> ready = new LinkedHashMap<>();
            ready.put("localCloudStartMs", Bench.round(startedMs));
            ready.put("deployMs", Bench.round(readyMs - startedMs));
            ready.put("readyMs", Bench.round(readyMs));
            ready.put("readySinceJvmStartMs", Bench.round(sinceJvmMs));
            ready.put("stacks", deployed.stream().map(DeployResult::stackName).toList());
            ready.put("resources", deployed.stream().mapToInt(d -> d.resources().size()).sum());
            results.put("ready", ready);
            CONSOLE.printf("ready after %.0f ms (%.0f ms since JVM start)%n", readyMs, sinceJvmMs);

            Thread.sleep(IDLE.toMillis());
            Map<String, Object> idleAfterDeploy = memory();
            results.put("idleAfterDeploy", idleAfterDeploy);
            CONSOLE.println("idle after deploy: " + idleAfterDeploy);

            Map<String, Object> pipeline = runOrders(cloud);
            results.put("orders", pipeline);
            Thread.sleep(IDLE.toMillis());
            Map<String, Object> idleWarm = memory();
            results.put("idleWithWarmEnvironments", idleWarm);
            CONSOLE.println("idle with warm environments: " + idleWarm);

            Map<String, Object> machine = cast(results.get("machine"));
            machine.put("loadAverageAtEnd", Bench.loadAverage());
            Bench.write("localup", results);
            double cloudMb = ((Number) idleWarm.get("localCloudJvmMb")).doubleValue();
            new BarChart("Local up: idle resident memory (MB)", "MB",
                    List.of("after deploy", "warm environments"))
                    .series("local cloud JVM", ((Number) idleAfterDeploy.get("localCloudJvmMb")).doubleValue(), cloudMb)
                    .series("function environments",
                            ((Number) idleAfterDeploy.get("environmentsMb")).doubleValue(),
                            ((Number) idleWarm.get("environmentsMb")).doubleValue())
                    .series("total", ((Number) idleAfterDeploy.get("totalMb")).doubleValue(),
                            ((Number) idleWarm.get("totalMb")).doubleValue())
                    .target("target 500 MB", 500)
                    .write(Bench.outputDir().resolve("localup.svg"));
        }
        Bench.deleteTree(work);
        System.exit(0);
    }

    /** Puts orders (a third above the review threshold) and waits for one outbox message per outcome. */
    private static Map<String, Object> runOrders(LocalCloud cloud) throws Exception {
        try (EventBridgeClient events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(), "us-east-1");
             SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1")) {
            long start = System.nanoTime();
            for (int from = 0; from < ORDERS; from += 10) {
                List<PutEventsRequestEntry> entries = new ArrayList<>();
                for (int n = from; n < Math.min(ORDERS, from + 10); n++) {
                    String detail = n % 3 == 0 ? Bench.orderPlacedDetail(n).replace("\"total\":30.00", "\"total\":1500.00")
                            .replace("\"unitPrice\":10.00}", "\"unitPrice\":500.00}") : Bench.orderPlacedDetail(n);
                    entries.add(PutEventsRequestEntry.builder().eventBusName("orders").source("shop.orders")
                            .detailType("OrderPlaced").detail(detail).build());
                }
                events.putEvents(r -> r.entries(entries));
            }
            String outbox = sqs.getQueueUrl(r -> r.queueName("outbox")).queueUrl();
            Bench.await("one outbox message per order", Duration.ofMinutes(2), () -> Integer.parseInt(
                    sqs.getQueueAttributes(r -> r.queueUrl(outbox)
                                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                            .attributesAsStrings().get("ApproximateNumberOfMessages")) >= ORDERS);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("orders", ORDERS);
            result.put("firstOrdersThroughThePipelineMs", Bench.round(Bench.millisSince(start)));
            CONSOLE.printf("%d orders reached the outbox after %.0f ms (cold environments)%n", ORDERS,
                    Bench.millisSince(start));
            return result;
        }
    }

    /** RSS of this JVM (the local cloud) and of every function environment it started. */
    private static Map<String, Object> memory() {
        long cloudKb = Bench.rssKb(ProcessHandle.current().pid());
        long environmentsKb = 0;
        List<Map<String, Object>> environments = new ArrayList<>();
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            long kb = Bench.rssKb(child.pid());
            environmentsKb += kb;
            environments.add(Map.of("pid", child.pid(), "rssMb", kb / 1024, "function", functionName(child.pid())));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("localCloudJvmMb", cloudKb / 1024);
        result.put("environmentsMb", environmentsKb / 1024);
        result.put("totalMb", (cloudKb + environmentsKb) / 1024);
        result.put("environments", environments);
        return result;
    }

    /** AWS_LAMBDA_FUNCTION_NAME from /proc/PID/environ. */
    private static String functionName(long pid) {
        try {
            for (String variable : Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0")) {
                if (variable.startsWith("AWS_LAMBDA_FUNCTION_NAME=")) {
                    return variable.substring("AWS_LAMBDA_FUNCTION_NAME=".length());
                }
            }
        } catch (java.io.IOException | RuntimeException gone) {
            // not readable or gone
        }
        return "?";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }
}
