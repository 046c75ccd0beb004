package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.CloudUnderTest;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.Json;
import dev.sluice.testing.Await;
import dev.sluice.testing.MovableClock;
import dev.sluice.testing.TestFunctions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A template's {@code rate(1 minute)} rule on the whole local cloud, whose clock the test moves on: each minute the
 * rule's SQS queue and its function (a real JVM; its OnSuccess record shows what it received) get AWS's scheduled
 * event; a disabled rule stays silent; {@code POST /_sluice/rules/<name>/trigger} fires a rule now.
 */
class ScheduledRuleTemplateTest {

    private static final String TEMPLATE = """
            Resources:
              Ticks:
                Type: AWS::SQS::Queue
                Properties: {QueueName: ticks}
              Received:
                Type: AWS::SQS::Queue
                Properties: {QueueName: received}
              Quiet:
                Type: AWS::SQS::Queue
                Properties: {QueueName: quiet}
            %s
              EchoResults:
                Type: AWS::Lambda::EventInvokeConfig
                Properties:
                  FunctionName: !Ref Echo
                  Qualifier: $LATEST
                  DestinationConfig: {OnSuccess: {Destination: !GetAtt Received.Arn}}
              EveryMinute:
                Type: AWS::Events::Rule
                Properties:
                  Name: every-minute
                  ScheduleExpression: rate(1 minute)
                  Targets:
                    - {Id: queue, Arn: !GetAtt Ticks.Arn}
                    - {Id: function, Arn: !GetAtt Echo.Arn}
              Paused:
                Type: AWS::Events::Rule
                Properties:
                  Name: paused
                  ScheduleExpression: cron(* * * * ? *)
                  State: DISABLED
                  Targets:
                    - {Id: queue, Arn: !GetAtt Quiet.Arn}
            """.formatted(TemplateFragments.javaFunction("Echo", "echo.zip", TestFunctions.ECHO));

    @TempDir
    Path dir;

    @Test
    void aRateRuleFromATemplateReachesItsQueueAndItsFunctionEachMinuteAndCanBeTriggered() throws Exception {
        Path template = TemplateFragments.writeWithFixtures(dir, TEMPLATE, "echo.zip");
        MovableClock clock = new MovableClock(Instant.parse("2026-12-02T10:00:30Z"));

        try (CloudUnderTest local = CloudUnderTest.start(dir.resolve("cloud"), b -> b.clock(clock))) {
            LocalCloud cloud = local.cloud();
            SqsClient sqs = local.sqs();
            DeployResult result = local.deployer(line -> { }).deploy(template);
            assertThat(result.resource("EveryMinute").status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(result.resource("EveryMinute").ignored()).isEmpty();
            assertThat(result.resource("EveryMinute").detail()).isEqualTo("rate(1 minute), 2 target(s)");
            assertThat(result.resource("Paused").status()).isEqualTo(ResourceStatus.CREATED);

            clock.advance(Duration.ofMinutes(1));

            JsonNode queued = Json.MAPPER.readTree(receiveOne(sqs, "ticks").body());
            assertThat(queued.get("source").asText()).isEqualTo("aws.events");
            assertThat(queued.get("detail-type").asText()).isEqualTo("Scheduled Event");
            assertThat(queued.get("time").asText()).isEqualTo("2026-12-02T10:01:30Z");
            assertThat(queued.get("resources").get(0).asText())
                    .isEqualTo("arn:aws:events:us-east-1:000000000000:rule/every-minute");
            JsonNode record = Json.MAPPER.readTree(receiveOne(sqs, "received").body());
            assertThat(record.get("requestPayload")).as("the function got the same event").isEqualTo(queued);
            assertThat(cloud.events().ruleMatches()).containsEntry("default/every-minute", 1L)
                    .doesNotContainKey("default/paused");

            HttpResponse<String> triggered = post(cloud.endpoint().resolve("/_sluice/rules/every-minute/trigger"));
            assertThat(triggered.statusCode()).isEqualTo(200);
            String eventId = Json.MAPPER.readTree(triggered.body()).get("EventId").asText();
            assertThat(Json.MAPPER.readTree(receiveOne(sqs, "ticks").body()).get("id").asText()).isEqualTo(eventId);

            HttpResponse<String> paused = post(cloud.endpoint().resolve("/_sluice/rules/paused/trigger"));
            assertThat(paused.statusCode()).isEqualTo(400);
            assertThat(paused.body()).contains("Rule paused is DISABLED and does not fire");
            assertThat(cloud.events().ruleMatches()).doesNotContainKey("default/paused");
        }
    }

    private static HttpResponse<String> post(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Message receiveOne(SqsClient sqs, String queue) throws InterruptedException {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        List<Message> messages = new ArrayList<>();
        Await.until("a message on " + queue, Duration.ofSeconds(60), () -> {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages()) {
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                messages.add(m);
            }
            return !messages.isEmpty();
        });
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }
}
