package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** {@code sluice chaos} in-process against a real local cloud, whose functions and SQS then show the faults. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChaosCommandTest {

    @RegisterExtension
    static final TestLocalCloud local = new TestLocalCloud();

    @BeforeAll
    void createFunction() throws IOException {
        local.createEchoFunctions("echo");
    }

    @AfterEach
    void removeFaults() {
        local.cloud.faults().removeAll();
    }

    private CliRun chaos(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "chaos";
        System.arraycopy(args, 0, all, 1, args.length);
        return local.sluice(all);
    }

    @Test
    void aFunctionFaultIsAddedListedShownInStatusAndRemoved() throws Exception {
        CliRun added = chaos("add", "--function", "echo", "--error", "ChaosMonkey", "--probability", "1", "--seed", "7");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.outLines().get(0)).isEqualTo("Added fault-1 echo: error ChaosMonkey p=1.0 seed=7");

        InvokeResponse invoked = local.lambda.invoke(r -> r.functionName("echo")
                .payload(SdkBytes.fromUtf8String("{}")));
        assertThat(invoked.functionError()).isEqualTo("Unhandled");
        assertThat(invoked.payload().asUtf8String()).contains("\"errorType\":\"ChaosMonkey\"");

        CliRun listed = chaos("list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.outLines().get(0)).startsWith("FAULT").contains("TARGET", "ACTION", "PROBABILITY", "SEED",
                "FIRED");
        assertThat(listed.outLines().get(1)).startsWith("fault-1").contains("function echo", "error ChaosMonkey",
                "1.0", "7", "1 of 1");

        CliRun status = local.sluice("status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.outLines()).anySatisfy(line -> assertThat(line).startsWith("fault-1")
                .contains("function echo"));
        JsonNode json = Json.MAPPER.readTree(local.sluice("status", "--json").out());
        assertThat(json.at("/faults/0/id").asText()).isEqualTo("fault-1");
        assertThat(json.at("/faults/0/errorType").asText()).isEqualTo("ChaosMonkey");

        CliRun removed = chaos("remove", "fault-1");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("Removed fault-1");
        assertThat(chaos("list").outLines()).containsExactly("No faults.");
        assertThat(local.lambda.invoke(r -> r.functionName("echo").payload(SdkBytes.fromUtf8String("{}")))
                .functionError()).isNull();
    }

    @Test
    void anApiFaultIsSeenByTheSdkUntilAllAreRemoved() {
        String queue = local.sqs.createQueue(r -> r.queueName("chaos-cli")).queueUrl();
        CliRun added = chaos("add", "--service", "sqs", "--operation", "SendMessage", "--error", "ServiceUnavailable",
                "--status", "503");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(chaos("add", "--function", "echo", "--kill", "--probability", "0").exitCode()).isZero();

        assertThatThrownBy(() -> local.sqs.sendMessage(r -> r.queueUrl(queue).messageBody("m")))
                .isInstanceOfSatisfying(SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable"));

        CliRun removed = chaos("remove", "--all");
        assertThat(removed.out()).contains("Removed 2 faults");
        local.sqs.sendMessage(r -> r.queueUrl(queue).messageBody("m"));
    }

    @Test
    void wrongArgumentsAreUsageErrorsNamingTheProblem() {
        assertUsage(chaos("add", "--function", "echo", "--error", "E", "--probability", "1.5"),
                "--probability must be between 0 and 1 (given 1.5)");
        assertUsage(chaos("add", "--function", "echo"),
                "give one of --error TYPE, --delay MS, --timeout, --throttle, --kill (given none)");
        assertUsage(chaos("add", "--function", "echo", "--kill", "--timeout"), "(given --timeout and --kill)");
        assertUsage(chaos("add", "--error", "E"), "give --function NAME");
        assertUsage(chaos("add", "--service", "sqs", "--error", "E"), "--service needs --operation");
        // the local cloud's own checks come back as usage errors too
        assertUsage(chaos("add", "--service", "sqs", "--operation", "Teleport", "--error", "E"),
                "operation must be one of sqs's:", "(given 'Teleport')");
        assertUsage(chaos("add", "--service", "s3", "--operation", "PutObject", "--error", "SlowDown"),
                "service must be one of events, lambda, sqs (given 's3')");
        assertUsage(chaos("remove", "fault-99"), "no fault fault-99");
        assertUsage(chaos("remove"), "give the ID of the fault to remove, or --all");
        assertUsage(chaos("remove", "fault-1", "--all"), "give an ID or --all, not both");
        assertThat(local.cloud.faults().list()).isEmpty();
    }

    private static void assertUsage(CliRun run, String... parts) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.errLines().get(0)).startsWith("sluice: ").contains(parts);
    }

    @Test
    void noLocalCloudIsAOneLineFailure() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRun run = CliRun.inProcess("chaos", "list", "--endpoint-url", "http://127.0.0.1:" + port);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("sluice: no local cloud answers at http://127.0.0.1:" + port);
    }
}
