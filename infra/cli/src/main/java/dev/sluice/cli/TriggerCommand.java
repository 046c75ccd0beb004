package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice trigger}: fires a scheduled rule of the local cloud now ({@code POST /_sluice/rules/<rule>/trigger}),
 * so a schedule's targets can be tried without waiting for it. AWS has no such call, so the endpoint must be a local
 * cloud.
 */
@Command(name = "trigger", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Fire a scheduled rule of the local cloud now.",
        description = {"Sends the rule's targets the scheduled event (source aws.events, detail-type Scheduled Event)"
                + " as if the rule were due, and prints the event's id. The rule must be on the default bus, have a"
                + " ScheduleExpression and be enabled. Only the local cloud can do this: give its endpoint."},
        footer = {"", "Example:", "  sluice trigger --endpoint-url http://127.0.0.1:4566 nightly-report", ""})
final class TriggerCommand extends AwsCommand {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Parameters(paramLabel = "RULE", description = "The scheduled rule's name.")
    String rule;

    @Override
    public Integer call() throws InterruptedException {
        if (!rule.matches("[.\\-_A-Za-z0-9]{1,64}")) {
            throw usage("RULE must be a rule name: 1-64 letters, digits, '.', '-' or '_' (given '" + rule + "')");
        }
        URI endpoint = aws.endpoint();
        if (endpoint == null) {
            throw new CommandFailure("AWS cannot fire a rule on demand: sluice trigger needs the local cloud's endpoint"
                    + " (--endpoint-url http://127.0.0.1:4566, or SLUICE_ENDPOINT_URL)");
        }
        URI uri = endpoint.resolve("/_sluice/rules/" + rule + "/trigger");
        HttpResponse<String> response;
        try {
            response = LocalCloudApi.send(uri, "POST", null, TIMEOUT);
        } catch (ConnectException e) {
            throw new CommandFailure("no local cloud answers at " + endpoint + " (start it with sluice local up)", e);
        } catch (IOException e) {
            throw new CommandFailure("cannot reach " + endpoint + ": " + e, e);
        }
        JsonNode body = LocalCloudApi.json(response.body());
        if (response.statusCode() == 200 && body != null && body.hasNonNull("EventId")) {
            out().println(body.get("EventId").asText());
            out().flush();
            return 0;
        }
        String message = LocalCloudApi.errorMessage(response.body());
        if (message == null || response.statusCode() == 404) {
            throw new CommandFailure(endpoint + " is not a Sluice local cloud that fires rules (POST " + uri.getPath()
                    + " answered " + response.statusCode() + ")");
        }
        throw new CommandFailure("rule " + rule + " not fired: " + message);
    }
}
