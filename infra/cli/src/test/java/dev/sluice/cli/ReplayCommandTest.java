package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code sluice replay} against a local cloud the test starts: events put on a bus with an archive, a rule (and its
 * queue) added afterwards, and the replay delivering the archived events into that queue with {@code replay-name}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayCommandTest {

    private LocalCloud cloud;
    private EventBridgeClient events;
    private SqsClient sqs;

    @BeforeAll
    void start(@TempDir Path work) {
        cloud = LocalCloud.builder().port(0).workDir(work).autoscaling(false).build().start();
        events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(), "us-east-1");
        sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
    }

    @AfterAll
    void stop() {
        events.close();
        sqs.close();
        cloud.close();
    }

    private CliRun sluice(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint-url", cloud.endpoint().toString()));
        return CliRun.inProcess(all.toArray(String[]::new));
    }

    @Test
    void replaysArchivedEventsIntoARuleAddedAfterwards() {
        String bus = events.createEventBus(b -> b.name("cli-orders")).eventBusArn();
        events.createArchive(b -> b.archiveName("cli-archive").eventSourceArn(bus));
        for (int i = 0; i < 3; i++) {
            events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().eventBusName("cli-orders").source("shop")
                    .detailType("OrderPlaced").detail("{\"n\":1}").build()));
        }
        String queue = queue("cli-replayed");
        events.putRule(b -> b.name("placed").eventBusName("cli-orders").eventPattern("{\"source\":[\"shop\"]}"));
        events.putTargets(b -> b.rule("placed").eventBusName("cli-orders")
                .targets(Target.builder().id("q").arn(queue).build()));
        events.putRule(b -> b.name("ignored").eventBusName("cli-orders").eventPattern("{\"source\":[\"shop\"]}"));
        String ignored = queue("cli-ignored");
        events.putTargets(b -> b.rule("ignored").eventBusName("cli-orders")
                .targets(Target.builder().id("q").arn(ignored).build()));

        CliRun run = sluice("replay", "--archive", "cli-archive", "--from", "1h", "--name", "from-cli",
                "--rule", "placed");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Replay from-cli of cli-archive (3 archived event(s))").contains("COMPLETED");
        List<Message> received = receive("cli-replayed", 3);
        assertThat(received).hasSize(3).allSatisfy(m -> assertThat(m.body()).contains("\"replay-name\":\"from-cli\""));
        assertThat(receive("cli-ignored", 1)).isEmpty();
    }

    @Test
    void anUnknownArchiveIsOneLine() {
        CliRun run = sluice("replay", "--archive", "missing");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().contains("no archive named 'missing'");
    }

    @Test
    void toBeforeFromIsAUsageError() {
        events.createArchive(b -> b.archiveName("cli-times").eventSourceArn(
                "arn:aws:events:us-east-1:000000000000:event-bus/default"));
        CliRun run = sluice("replay", "--archive", "cli-times", "--from", "1h", "--to", "2h");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--to must be after --from");
    }

    @Test
    void defaultNamesFitAwsLimit() {
        assertThat(ReplayCommand.defaultName("a".repeat(48), Instant.parse("2026-12-02T10:00:00Z")))
                .hasSize(64).endsWith("-20261202-100000");
    }

    private String queue(String name) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    private List<Message> receive(String name, int count) {
        String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        List<Message> all = new ArrayList<>();
        for (int attempt = 0; attempt < 5 && all.size() < count; attempt++) {
            all.addAll(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        }
        return all;
    }
}
