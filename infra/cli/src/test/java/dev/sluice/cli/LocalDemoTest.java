package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.TestFunctions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The demo's count line counts as dead letters every queue failures go to: a redrive policy's, a rule target's, a
 * function's dead-letter queue and its on-failure destination; the other queues are listed with their depth.
 */
class LocalDemoTest {

    @TempDir
    Path work;

    @Test
    void deadLettersCountEveryQueueFailuresGoTo() throws Exception {
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(work).autoscaling(false).build().start();
             SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
             EventBridgeClient events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(), "us-east-1");
             LambdaClient lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1")) {
            SdkBytes zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
            for (String name : List.of("redriven", "rule-failures", "function-failures", "on-failure", "work")) {
                sqs.createQueue(b -> b.queueName(name));
            }
            sqs.createQueue(b -> b.queueName("jobs").attributesWithStrings(Map.of("RedrivePolicy",
                    "{\"deadLetterTargetArn\":\"" + arn("redriven") + "\",\"maxReceiveCount\":\"3\"}")));
            events.putRule(b -> b.name("to-work").eventPattern("{\"source\":[\"demo\"]}"));
            events.putTargets(b -> b.rule("to-work").targets(t -> t.id("work").arn(arn("work"))
                    .deadLetterConfig(d -> d.arn(arn("rule-failures")))));
            lambda.createFunction(b -> b.functionName("echo").runtime(Runtime.JAVA17).handler(TestFunctions.ECHO)
                    .role("arn:aws:iam::000000000000:role/r").deadLetterConfig(d -> d.targetArn(arn("function-failures")))
                    .code(c -> c.zipFile(zip)));
            lambda.putFunctionEventInvokeConfig(b -> b.functionName("echo")
                    .destinationConfig(d -> d.onFailure(f -> f.destination(arn("on-failure")))));
            for (String name : List.of("redriven", "rule-failures", "function-failures", "on-failure", "work")) {
                String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("x"));
            }

            StringWriter text = new StringWriter();
            String line;
            try (LocalDemo demo = new LocalDemo(new EventTraffic(List.of(), 1), cloud, "us-east-1",
                    new PrintWriter(text), false)) {
                line = demo.report();
            }

            assertThat(line).contains("| invocations echo 0 |", "| dead letters 4").contains("work 1", "jobs 0")
                    .doesNotContain("redriven", "rule-failures", "function-failures", "on-failure");
        }
    }

    private static String arn(String queue) {
        return "arn:aws:sqs:us-east-1:000000000000:" + queue;
    }
}
