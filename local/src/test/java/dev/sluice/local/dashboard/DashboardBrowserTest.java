package dev.sluice.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.Json;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.TestFunctions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium opens the dashboard of a real local cloud while a burst drains through a sleeping function: the
 * queue-depth chart must have points and must have seen more than one environment. A screenshot is kept in the build
 * directory ({@code target/dashboard/burst-dashboard.png}).
 */
class DashboardBrowserTest {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Pattern DEPTH_CHART = Pattern.compile("<svg[^>]*class=\"chart depth-chart\"[^>]*>");
    private static final Duration PAGE_BUDGET = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void chartsTheBurstAndTheEnvironmentsItStarted(@TempDir Path work) throws Exception {
        Path output = buildDir().resolve("dashboard");
        HeadlessChromium chromium = HeadlessChromium.require(work.resolve("chromium"));
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(work.resolve("cloud")).build().start();
             LambdaClient lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1");
             SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1")) {
            SdkBytes zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
            lambda.createFunction(r -> r.functionName("sleeper").runtime(Runtime.JAVA17)
                    .handler(TestFunctions.SLEEP).role("arn:aws:iam::000000000000:role/test")
                    .timeout(30).memorySize(256).environment(e -> e.variables(Map.of("WORK_MILLIS", "200")))
                    .code(c -> c.zipFile(zip)));
            String queueUrl = sqs.createQueue(r -> r.queueName("burst")
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
            String uuid = lambda.createEventSourceMapping(r -> r.functionName("sleeper")
                    .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:burst").batchSize(5)
                    .scalingConfig(s -> s.maximumConcurrency(4))).uuid();
            for (int batch = 0; batch < 20; batch++) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("work " + batch + "-" + i)
                            .build());
                }
                sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            }
            URI dashboard = cloud.endpoint().resolve("/_sluice/dashboard");
            awaitStatus(cloud, uuid, mapping -> mapping.path("batches").asLong() > 0, "the first batch");

            String dom = "";
            String chart = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                dom = chromium.dumpDom(dashboard, PAGE_BUDGET);
                chart = depthChart(dom);
                if (attribute(chart, "data-max-running") > 1) {
                    break;
                }
            }
            chromium.screenshot(dashboard, PAGE_BUDGET, output.resolve("burst-dashboard.png"));

            assertThat(chart).as("the depth chart of mapping %s", uuid).contains("data-mapping=\"" + uuid + "\"");
            assertThat(attribute(chart, "data-points")).as("points on the chart").isPositive();
            assertThat(attribute(chart, "data-max-running")).as("most environments the chart saw").isGreaterThan(1);
            assertThat(dom).as("the last scaling decision is shown").containsPattern("data-reason=\"[A-Z_]+\"");
            assertThat(Files.size(output.resolve("burst-dashboard.png"))).isPositive();
            assertMetrics(cloud, uuid);
        }
    }

    /** Faults declared with sluice chaos are listed on the page while there are some. */
    @Test
    void listsTheInjectedFaults(@TempDir Path work) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require(work.resolve("chromium"));
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(work.resolve("cloud")).autoscaling(false).build()
                .start()) {
            cloud.faults().add("{\"function\":\"checkout\",\"action\":\"error\",\"errorType\":\"Declined\","
                    + "\"probability\":0.25,\"seed\":9}");
            cloud.faults().add("{\"service\":\"sqs\",\"operation\":\"SendMessage\",\"errorType\":"
                    + "\"ServiceUnavailable\"}");
            URI dashboard = cloud.endpoint().resolve("/_sluice/dashboard");
            String dom = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !dom.contains("data-fault=\"fault-2\"")) {
                dom = chromium.dumpDom(dashboard, PAGE_BUDGET);
            }
            assertThat(dom).contains("data-fault=\"fault-1\"", "function checkout", "error Declined", "0.25",
                    "data-fault=\"fault-2\"", "sqs SendMessage", "error ServiceUnavailable (503)");
        }
    }

    /** The Prometheus endpoint of the same cloud: the format parses and the burst's records are counted. */
    private void assertMetrics(LocalCloud cloud, String uuid) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(cloud.endpoint().resolve("/_sluice/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain; version=0.0.4"));
        Map<String, ExpositionParser.Family> metrics = ExpositionParser.parse(response.body());
        assertThat(metrics.get("sluice_mapping_records_total").samples())
                .anySatisfy(sample -> {
                    assertThat(sample.labels()).containsEntry("mapping", uuid).containsEntry("queue", "burst");
                    assertThat(sample.value()).isPositive();
                });
        assertThat(metrics.get("sluice_environments_running").samples())
                .anySatisfy(sample -> assertThat(sample.labels()).containsEntry("function", "sleeper"));
        assertThat(metrics.get("sluice_queue_visible_messages").samples())
                .anySatisfy(sample -> assertThat(sample.labels()).containsEntry("queue", "burst"));
    }

    private void awaitStatus(LocalCloud cloud, String uuid, java.util.function.Predicate<JsonNode> condition,
                             String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(cloud.endpoint().resolve("/_sluice/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode mapping : JSON.readTree(body).path("mappings")) {
                if (uuid.equals(mapping.path("uuid").asText()) && condition.test(mapping)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gave up waiting for " + what + " of mapping " + uuid);
    }

    private static String depthChart(String dom) {
        Matcher matcher = DEPTH_CHART.matcher(dom);
        return matcher.find() ? matcher.group() : "";
    }

    private static int attribute(String element, String name) {
        Matcher matcher = Pattern.compile(name + "=\"(\\d+)\"").matcher(element);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }


    /** The module's build directory (target, or -Dsluice.build.dir), from where the test classes were loaded. */
    private static Path buildDir() throws Exception {
        return Path.of(DashboardBrowserTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent();
    }
}
