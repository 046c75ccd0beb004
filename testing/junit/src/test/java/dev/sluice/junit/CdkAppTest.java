package dev.sluice.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.DeployedResource;
import dev.sluice.local.template.ResourceStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/** The fixture project's CDK app, synthesized as the CLI does it and deployed: events flow through real functions. */
@ExtendWith(AcmeFixtures.class)
@LocalCloudTest(project = AcmeFixtures.PROJECT, context = "team=acme", purgeBeforeEach = true)
class CdkAppTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @BeforeAll
    static void sameCloudAsEveryOtherClass(TestCloud cloud) {
        assertThat(SameCloud.seen(cloud.endpoint())).containsExactly(cloud.endpoint());
        assertThat(cloud.endpoint().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void theAppsStacksAreDeployed(TestCloud cloud) {
        DeployResult stack = cloud.deployed().stream().filter(r -> r.stackName().equals("AcmeJobs")).findFirst()
                .orElseThrow();
        assertThat(stack.resources()).filteredOn(r -> r.type().equals("AWS::Lambda::Function"))
                .extracting(DeployedResource::physicalId, DeployedResource::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("acme-worker", ResourceStatus.CREATED),
                        org.assertj.core.groups.Tuple.tuple("acme-echo", ResourceStatus.CREATED));
        assertThat(cloud.queueUrl("acme-jobs")).endsWith("/000000000000/acme-jobs");
    }

    @Test
    void anEventOnTheBusReachesTheWorkerThroughTheQueue(TestCloud cloud) {
        cloud.putEvent("acme", "acme.jobs", "JobSubmitted", "{\"job\":\"j-1\"}");

        assertThat(cloud.awaitFunctionOutput("acme-worker", "j-1", LIMIT)).startsWith("worked on ");
        cloud.awaitEmpty("acme-jobs", LIMIT);
        cloud.assertEmpty("acme-jobs-dlq");
        assertThat(cloud.functionStats("acme-worker").errors()).isZero();
    }

    @Test
    void aRecordTheWorkerRefusesEndsInTheDeadLetterQueue(TestCloud cloud) {
        String id = cloud.sendMessage("acme-jobs", "poison pill");

        List<Message> deadLetters = cloud.awaitMessages("acme-jobs-dlq", 1, LIMIT);

        assertThat(deadLetters).extracting(Message::body).containsExactly("poison pill");
        assertThat(cloud.functionOutput("acme-worker")).contains("refused " + id + ": poison");
        cloud.assertEmpty("acme-jobs");
    }

    @Test
    void anEchoResultArrivesOnTheDestinationQueue(TestCloud cloud) {
        long before = cloud.functionStats("acme-echo").invocations();

        cloud.putEvent("acme", "acme.jobs", "Echo", "{\"n\":7}");

        Message result = cloud.awaitMessages("acme-results", 1, LIMIT).get(0);
        assertThat(result.body()).contains("\"responsePayload\":{\"echoed\":{\"n\":7}}");
        assertThat(cloud.functionStats("acme-echo").invocations()).isGreaterThan(before);
    }

    @Test
    void anAwaitThatRunsOutShowsWhatIsOnTheQueuesAndWhatTheFunctionsDid(TestCloud cloud) {
        cloud.putEvent("acme", "acme.jobs", "JobSubmitted", "{\"job\":\"j-report\"}");
        cloud.awaitFunctionOutput("acme-worker", "j-report", LIMIT);
        cloud.sendMessage("acme-jobs-dlq", "a dead letter left for the report");
        cloud.sendMessage("acme-results", "the only result");

        assertThatThrownBy(() -> cloud.awaitMessages("acme-results", 2, Duration.ofSeconds(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected 2 message(s) on queue 'acme-results' within PT2S, received 1:\n"
                        + "  the only result")
                .hasMessageContaining("queues (visible / in flight / delayed):")
                .hasMessageContaining("acme-jobs-dlq: 1 / 0 / 0, first bodies:\n      a dead letter left for the report")
                .hasMessageContaining("functions (invocations / errors / throttles):")
                .hasMessageContaining("acme-worker: ")
                .hasMessageContaining("    | worked on ")
                .hasMessageContaining("j-report");
    }

    @Test
    void assertEmptyShowsWhatTheQueueHolds(TestCloud cloud) {
        cloud.sendMessage("acme-results", "unexpected");

        assertThatThrownBy(() -> cloud.assertEmpty("acme-results"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected queue 'acme-results' to be empty, but it holds 1 / 0 / 0, first"
                        + " bodies:\n      unexpected");
    }
}
