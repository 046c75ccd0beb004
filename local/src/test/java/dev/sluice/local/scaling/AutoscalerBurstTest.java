package dev.sluice.local.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.CloudUnderTest;
import dev.sluice.local.CreateFunction;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.lambda.runtime.FunctionEnvironments;
import dev.sluice.local.status.StatusSnapshot;
import dev.sluice.local.status.StatusSnapshot.MappingStatus;
import dev.sluice.local.status.StatusSnapshot.Point;
import dev.sluice.testing.TestFunctions;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A burst through a real local cloud: the autoscaler reads the queue, starts environments up to MaximumConcurrency
 * while the backlog stands and stops them after it; status shows each step. Waits are bounded; nothing is timed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutoscalerBurstTest {

    private static final int MAXIMUM = 6;
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final CloudUnderTest local = CloudUnderTest.perClass(b -> b);

    @Test
    void aBurstScalesUpToTheMaximumAndBackToTheMinimum() throws Exception {
        sleeper("sleepy").in(local.lambda());
        String queueUrl = local.sqs().createQueue(r -> r.queueName("burst")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
        String uuid = local.lambda().createEventSourceMapping(r -> r.functionName("sleepy")
                .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:burst").batchSize(10)
                .scalingConfig(s -> s.maximumConcurrency(MAXIMUM))).uuid();
        local.cloud().autoscaler().configure(uuid, Map.of("targetBacklogPerEnvironment", 10, "maxStepUp", 2,
                "scaleDownStabilisationSeconds", 2, "idleToZeroSeconds", 2, "pollIntervalMillis", 200));
        MappingStatus idle = awaitMapping(uuid, "the mapping at rest with its settings", m -> m.decision() != null
                && m.settings() != null && "2".equals(m.settings().get("maxStepUp")) && m.concurrency() == 0);
        assertThat(idle.environments().running()).isZero();
        assertThat(idle.settings()).containsEntry("maximum", Integer.toString(MAXIMUM));

        for (int batch = 0; batch < 30; batch++) {
            int first = batch * 10;
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("order " + (first + i))
                        .build());
            }
            local.sqs().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }

        MappingStatus peak = awaitMapping(uuid, "environments at the maximum during the burst",
                m -> m.environments().running() >= MAXIMUM);
        assertThat(peak.concurrency()).isEqualTo(MAXIMUM);
        assertThat(peak.environments().desired()).isEqualTo(MAXIMUM);

        MappingStatus after = awaitMapping(uuid, "the queue drained and the environments back at the minimum 0",
                m -> m.visible() == 0 && m.inFlight() == 0 && m.environments().running() == 0);
        assertThat(after.records()).isGreaterThanOrEqualTo(300);
        assertThat(after.errors()).isZero();
        assertThat(after.concurrency()).as("no pollers at zero").isZero();
        assertThat(after.lastChange().reason()).isIn("SCALE_DOWN", "IDLE_TO_ZERO");

        List<Point> points = StatusSnapshot.History.fromJson(get("/_sluice/history?seconds=900"))
                .mappings().get(uuid).points();
        Set<String> reasons = new HashSet<>();
        points.forEach(p -> reasons.add(p.reason()));
        assertThat(reasons).contains("ACTIVATE").containsAnyOf("SCALE_UP", "SCALE_UP_CAPPED_BY_STEP")
                .containsAnyOf("SCALE_DOWN", "IDLE_TO_ZERO");
        assertThat(points).anySatisfy(p -> assertThat(p.backlog()).isGreaterThan(100));
        assertThat(points.stream().mapToInt(Point::running).max().orElse(0)).isGreaterThan(1);
        FunctionEnvironments environments = local.cloud().lambda().environments("sleepy");
        assertThat(environments.minimumWarm()).isZero();
    }

    @Test
    void aFunctionOnTheAwsProfileShowsAwsConcurrencyAndADrainProjectionInStatus() throws Exception {
        sleeper("rampy").in(local.lambda());
        local.cloud().autoscaler().profile("rampy", ScalingProfile.AWS);
        String queueUrl = local.sqs().createQueue(r -> r.queueName("ramp")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
        for (int batch = 0; batch < 20; batch++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("m").build());
            }
            local.sqs().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        }
        // MaximumConcurrency 3 caps AWS's first 5 batches; 3 is below the local cap, so all 3 run here.
        String uuid = local.lambda().createEventSourceMapping(r -> r.functionName("rampy")
                .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:ramp").batchSize(10)
                .scalingConfig(s -> s.maximumConcurrency(3))).uuid();

        MappingStatus busy = awaitMapping(uuid, "AWS's concurrency and a projection while the backlog stands",
                m -> m.awsConcurrency() != null && m.awsDrainSeconds() != null && m.awsDrainSeconds() > 0);
        assertThat(busy.scalingProfile()).isEqualTo("aws");
        assertThat(busy.awsConcurrency()).isEqualTo(3);
        assertThat(busy.decision().desired()).isEqualTo(3);
        assertThat(busy.secondsPerBatch()).isPositive();

        MappingStatus drained = awaitMapping(uuid, "the queue empty and AWS's concurrency back at 0",
                m -> m.visible() == 0 && m.inFlight() == 0 && Integer.valueOf(0).equals(m.awsConcurrency()));
        assertThat(drained.decision().reason()).isEqualTo("AWS_QUEUE_EMPTY");
        assertThat(drained.awsDrainSeconds()).isZero();
    }

    @Test
    void aNewMappingActivatesThroughThePolicyNotAtItsMaximumConcurrency() throws Exception {
        sleeper("stepper").in(local.lambda());
        local.cloud().autoscaler().override("stepper", Map.of("maxStepUp", 1, "pollIntervalMillis", 1000));
        String queueUrl = local.sqs().createQueue(r -> r.queueName("waiting")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("order " + i).build());
        }
        local.sqs().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));

        String uuid = local.lambda().createEventSourceMapping(r -> r.functionName("stepper")
                .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:waiting").batchSize(1)
                .scalingConfig(s -> s.maximumConcurrency(20))).uuid();
        try {
            // Without the autoscaler the mapping would poll with 20 at once; with it, the first decision starts one.
            MappingStatus first = awaitMapping(uuid, "the autoscaler's first decision", m -> m.decision() != null);
            assertThat(first.decision().current()).isZero();
            assertThat(first.decision().reason()).isEqualTo("ACTIVATE");
            assertThat(first.decision().next()).isEqualTo(1);
        } finally {
            local.lambda().deleteEventSourceMapping(r -> r.uuid(uuid));
        }
    }

    @Test
    void mappingsPollAtTheirMaximumConcurrencyUnlessAnAutoscalerOwnsThem() throws Exception {
        try (LocalCloud fixed = LocalCloud.builder().port(0).workDir(Files.createTempDirectory("fixed-concurrency"))
                .autoscaling(false).build().start();
             LambdaClient fixedLambda = LocalClients.create(LambdaClient.builder(), fixed.endpoint(), "us-east-1");
             SqsClient fixedSqs = LocalClients.create(SqsClient.builder(), fixed.endpoint(), "us-east-1")) {
            sleeper("fixed").in(fixedLambda);
            fixedSqs.createQueue(r -> r.queueName("fixed")
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60")));
            String uuid = fixedLambda.createEventSourceMapping(r -> r.functionName("fixed")
                    .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:fixed")
                    .scalingConfig(s -> s.maximumConcurrency(7))).uuid();
            assertThat(concurrency(fixed, uuid)).as("Lambda-like fixed concurrency").isEqualTo(7);
            fixedLambda.deleteEventSourceMapping(r -> r.uuid(uuid));

            // An owner (the autoscaler, in a cloud with autoscaling on) hears of every change and sets the pollers.
            AtomicInteger changes = new AtomicInteger();
            fixed.lambda().scaleMappingsWith(changes::incrementAndGet);
            String owned = fixedLambda.createEventSourceMapping(r -> r.functionName("fixed")
                    .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:fixed")
                    .scalingConfig(s -> s.maximumConcurrency(7))).uuid();
            assertThat(concurrency(fixed, owned)).as("no poller before the owner decides").isZero();
            assertThat(changes).hasValue(1);
            fixedLambda.updateEventSourceMapping(r -> r.uuid(owned).scalingConfig(s -> s.maximumConcurrency(9)));
            assertThat(concurrency(fixed, owned)).as("MaximumConcurrency is the owner's to apply").isZero();
            assertThat(changes).hasValue(2);
            fixedLambda.deleteEventSourceMapping(r -> r.uuid(owned));
            assertThat(changes).hasValue(3);

            fixed.lambda().scaleMappingsWith(null);
            String released = fixedLambda.createEventSourceMapping(r -> r.functionName("fixed")
                    .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:fixed")
                    .scalingConfig(s -> s.maximumConcurrency(7))).uuid();
            assertThat(concurrency(fixed, released)).isEqualTo(7);
            fixedLambda.deleteEventSourceMapping(r -> r.uuid(released));
        }
    }

    @Test
    void historyRejectsAWindowOutOfRange() throws Exception {
        HttpResponse<String> response = local.send("GET", "/_sluice/history?seconds=901", null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("seconds must be between 1 and 900 (given 901)");
    }

    private static int concurrency(LocalCloud cloud, String uuid) {
        return cloud.lambda().eventSourceMappings().stream().filter(m -> m.uuid().equals(uuid)).findFirst()
                .orElseThrow().concurrency();
    }

    private MappingStatus awaitMapping(String uuid, String what, Predicate<MappingStatus> condition)
            throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        MappingStatus last = null;
        while (System.nanoTime() < deadline) {
            last = StatusSnapshot.fromJson(get("/_sluice/status")).mapping(uuid).orElse(null);
            if (last != null && last.environments() != null && last.visible() != null && condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gave up waiting for " + what + "; last status: " + last);
    }

    private String get(String path) {
        HttpResponse<String> response = local.send("GET", path, null);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static CreateFunction sleeper(String name) {
        return CreateFunction.named(name, TestFunctions.SLEEP).runtime(Runtime.JAVA17).timeout(30);
    }
}
