package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.MotoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * {@code sluice logs} reads CloudWatch Logs as on AWS: here moto's, seeded with PutLogEvents in Lambda's format (two
 * environments, interleaved invocations).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsMotoTest {

    private static final String GROUP = "/aws/lambda/shipOrder";
    private static final String FIRST = "2026/12/02/[$LATEST]aaaaaaaa0123456789abcdef01234567";
    private static final String SECOND = "2026/12/02/[$LATEST]bbbbbbbb0123456789abcdef01234567";
    private static final String R1 = "11111111-0000-4000-8000-000000000001";
    private static final String R2 = "22222222-0000-4000-8000-000000000002";

    private MotoServer moto;

    @BeforeAll
    void start(@TempDir Path logs) throws Exception {
        moto = MotoServer.start(logs.resolve("moto.log"));
        long t = System.currentTimeMillis() - 60_000;
        try (CloudWatchLogsClient client = LocalClients.create(CloudWatchLogsClient.builder(), moto.endpoint(),
                "us-east-1")) {
            client.createLogGroup(r -> r.logGroupName(GROUP));
            client.createLogStream(r -> r.logGroupName(GROUP).logStreamName(FIRST));
            client.createLogStream(r -> r.logGroupName(GROUP).logStreamName(SECOND));
            put(client, FIRST, t, "INIT_START Runtime Version: java:21.v33", "START RequestId: " + R1
                    + " Version: $LATEST", "shipping o-1", "END RequestId: " + R1, "REPORT RequestId: " + R1
                    + "\tDuration: 12.00 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\t");
            put(client, SECOND, t + 2, "START RequestId: " + R2 + " Version: $LATEST", "shipping o-2",
                    "ERROR carrier down", "END RequestId: " + R2, "REPORT RequestId: " + R2
                    + "\tDuration: 8.00 ms\tBilled Duration: 8 ms\tMemory Size: 512 MB\tMax Memory Used: 91 MB\t");
        }
    }

    private static void put(CloudWatchLogsClient client, String stream, long first, String... messages) {
        List<InputLogEvent> events = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            events.add(InputLogEvent.builder().timestamp(first + 2L * i).message(messages[i]).build());
        }
        client.putLogEvents(r -> r.logGroupName(GROUP).logStreamName(stream).logEvents(events));
    }

    @AfterAll
    void stop() throws Exception {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void linesCarryTheirEnvironmentAndRequest() {
        CliRun run = CliRun.inProcess("logs", "shipOrder", "--since", "1h", "--endpoint-url", moto.endpoint().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(10)
                .anySatisfy(l -> assertThat(l).endsWith(" aaaaaaaa -        INIT_START Runtime Version: java:21.v33"))
                .anySatisfy(l -> assertThat(l).endsWith(" aaaaaaaa 11111111 shipping o-1"))
                .anySatisfy(l -> assertThat(l).endsWith(" bbbbbbbb 22222222 shipping o-2"))
                .anySatisfy(l -> assertThat(l).endsWith(" bbbbbbbb 22222222 ERROR carrier down"));
    }

    @Test
    void aFilterKeepsTheRequestIdsOfTheLinesItShows() {
        CliRun run = CliRun.inProcess("logs", "arn:aws:lambda:us-east-1:123456789012:function:shipOrder", "--since",
                "1h", "--filter", "ERROR", "--endpoint-url", moto.endpoint().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).singleElement()
                .satisfies(l -> assertThat(l).endsWith(" bbbbbbbb 22222222 ERROR carrier down"));
    }
}
