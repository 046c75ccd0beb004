package dev.sluice.local.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.CloudUnderTest;
import dev.sluice.testing.AwsCli;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AWS CLI (v1, as installed on the build machines) reads and writes the local CloudWatch Logs with
 * --endpoint-url; its paginators (describe, filter, get) stop where they should.
 */
class LogsAwsCliTest {

    @RegisterExtension
    static final CloudUnderTest local = CloudUnderTest.perClass(b -> b.autoscaling(false));

    private static AwsCli.Result aws(String... args) throws IOException, InterruptedException {
        return new AwsCli(local.endpoint(), "us-east-1", "logs").run(args);
    }

    @Test
    void cliWritesListsGetsAndFiltersEvents() throws Exception {
        long now = System.currentTimeMillis();
        aws("create-log-group", "--log-group-name", "/aws/lambda/cli").json();
        aws("create-log-stream", "--log-group-name", "/aws/lambda/cli", "--log-stream-name", "s1").json();
        JsonNode put = aws("put-log-events", "--log-group-name", "/aws/lambda/cli", "--log-stream-name", "s1",
                "--log-events", "timestamp=" + now + ",message=START RequestId: r-1",
                "timestamp=" + (now + 1) + ",message=order o-1 shipped",
                "timestamp=" + (now + 2) + ",message=END RequestId: r-1").json();
        assertThat(put.has("nextSequenceToken")).isTrue();

        JsonNode groups = aws("describe-log-groups", "--log-group-name-prefix", "/aws/lambda/").json();
        assertThat(groups.path("logGroups").findValuesAsText("logGroupName")).containsExactly("/aws/lambda/cli");
        JsonNode streams = aws("describe-log-streams", "--log-group-name", "/aws/lambda/cli").json();
        assertThat(streams.path("logStreams").findValuesAsText("logStreamName")).containsExactly("s1");

        JsonNode filtered = aws("filter-log-events", "--log-group-name", "/aws/lambda/cli",
                "--filter-pattern", "\"o-1 shipped\"", "--start-time", Long.toString(now - 1000)).json();
        assertThat(filtered.path("events").findValuesAsText("message")).containsExactly("order o-1 shipped");
        assertThat(filtered.path("events").get(0).path("logStreamName").asText()).isEqualTo("s1");

        JsonNode all = aws("filter-log-events", "--log-group-name", "/aws/lambda/cli", "--page-size", "1").json();
        assertThat(all.path("events").findValuesAsText("message"))
                .containsExactly("START RequestId: r-1", "order o-1 shipped", "END RequestId: r-1");

        JsonNode got = aws("get-log-events", "--log-group-name", "/aws/lambda/cli", "--log-stream-name", "s1",
                "--start-from-head").json();
        assertThat(got.path("events").findValuesAsText("message")).hasSize(3);
        assertThat(got.path("nextForwardToken").asText()).startsWith("f/");
    }

    @Test
    void cliErrorsCarryCloudWatchLogsCodes() throws Exception {
        AwsCli.Result missing = aws("filter-log-events", "--log-group-name", "/aws/lambda/none");
        AwsCli.Result badPattern = aws("create-log-group", "--log-group-name", "/cli/patterns");

        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("ResourceNotFoundException", "The specified log group does not exist.");
        assertThat(badPattern.exitCode()).isZero();
        AwsCli.Result json = aws("filter-log-events", "--log-group-name", "/cli/patterns",
                "--filter-pattern", "[ip, user]");
        assertThat(json.err()).contains("InvalidParameterException", "space-delimited filter patterns");
    }
}
