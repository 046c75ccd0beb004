package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code sluice replay} against a local cloud the test starts: events put on a bus with an archive, a rule (and its
 * queue) added afterwards, and the replay delivering the archived events into that queue with {@code replay-name}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayCommandTest {

    /** How long the queues are read for replayed events. */
    private static final Duration RECEIVE_LIMIT = Duration.ofSeconds(5);

    @RegisterExtension
    static final TestLocalCloud local = new TestLocalCloud();

    @Test
    void replaysArchivedEventsIntoARuleAddedAfterwards() {
        String bus = local.events.createEventBus(b -> b.name("cli-orders")).eventBusArn();
        local.events.createArchive(b -> b.archiveName("cli-archive").eventSourceArn(bus));
        for (int i = 0; i < 3; i++) {
            local.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().eventBusName("cli-orders")
                    .source("shop").detailType("OrderPlaced").detail("{\"n\":1}").build()));
        }
        String queue = queue("cli-replayed");
        local.events.putRule(b -> b.name("placed").eventBusName("cli-orders").eventPattern("{\"source\":[\"shop\"]}"));
        local.events.putTargets(b -> b.rule("placed").eventBusName("cli-orders")
                .targets(Target.builder().id("q").arn(queue).build()));
        local.events.putRule(b -> b.name("ignored").eventBusName("cli-orders").eventPattern("{\"source\":[\"shop\"]}"));
        String ignored = queue("cli-ignored");
        local.events.putTargets(b -> b.rule("ignored").eventBusName("cli-orders")
                .targets(Target.builder().id("q").arn(ignored).build()));

        CliRun run = local.sluice("replay", "--archive", "cli-archive", "--from", "1h", "--name", "from-cli",
                "--rule", "placed");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Replay from-cli of cli-archive (3 archived event(s))").contains("COMPLETED");
        List<Message> received = local.receive("cli-replayed", 3, RECEIVE_LIMIT);
        assertThat(received).hasSize(3).allSatisfy(m -> assertThat(m.body()).contains("\"replay-name\":\"from-cli\""));
        assertThat(local.receive("cli-ignored", 1, RECEIVE_LIMIT)).isEmpty();
    }

    @Test
    void anUnknownArchiveIsOneLine() {
        CliRun run = local.sluice("replay", "--archive", "missing");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().contains("no archive named 'missing'");
    }

    @Test
    void toBeforeFromIsAUsageError() {
        local.events.createArchive(b -> b.archiveName("cli-times").eventSourceArn(
                "arn:aws:events:us-east-1:000000000000:event-bus/default"));
        CliRun run = local.sluice("replay", "--archive", "cli-times", "--from", "1h", "--to", "2h");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--to must be after --from");
    }

    @Test
    void defaultNamesFitAwsLimit() {
        assertThat(ReplayCommand.defaultName("a".repeat(48), Instant.parse("2026-12-02T10:00:00Z")))
                .hasSize(64).endsWith("-20261202-100000");
    }

    private String queue(String name) {
        String url = local.sqs.createQueue(b -> b.queueName(name)).queueUrl();
        return local.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
