package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.eventsource.EventSourceMappingStats;
import dev.sluice.local.lambda.runtime.FunctionEnvironments;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SQS event source mappings against a real ElasticMQ, with a batch handler running under the real RIC. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqsEventSourceMappingTest {

    private LocalLambda local;
    private Path records;

    @BeforeAll
    void start() throws Exception {
        local = new LocalLambda();
        records = Files.createTempFile("records", ".log");
        local.createFunction("batch", TestFunctions.BATCH, 1, Map.of("RECORD_FILE", records.toString()));
        prewarm("batch");
    }

    /** Cold starts under a loaded CPU can outlast the 2 s visibility timeouts used here: start environments first. */
    private void prewarm(String function) throws InterruptedException {
        FunctionEnvironments environments = local.service.environments(function);
        environments.setMinimumWarm(2);
        Await.until("warm environments of " + function, Duration.ofSeconds(60),
                () -> environments.running() == 2 && environments.busy() == 0);
    }

    @AfterAll
    void stop() throws Exception {
        local.close();
    }

    /** A queue with a 2 s visibility timeout whose messages move to "<name>-dlq" after {@code maxReceiveCount}. */
    private String queueWithDlq(String name, int maxReceiveCount) {
        boolean fifo = name.endsWith(".fifo");
        String dlqName = fifo ? name.replace(".fifo", "-dlq.fifo") : name + "-dlq";
        local.sqs.createQueue(r -> r.queueName(dlqName).attributes(fifo ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of()));
        Map<QueueAttributeName, String> attributes = new java.util.HashMap<>(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "2",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + arn(dlqName)
                        + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}"));
        if (fifo) {
            attributes.put(QueueAttributeName.FIFO_QUEUE, "true");
            attributes.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
        }
        return local.sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
    }

    private static String arn(String queueName) {
        return "arn:aws:sqs:us-east-1:000000000000:" + queueName;
    }

    private int depth(String queueUrl) {
        var attributes = local.sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private List<String> drain(String queueUrl, int expected) throws InterruptedException {
        List<String> bodies = new ArrayList<>();
        Await.until(expected + " messages on " + queueUrl, Duration.ofSeconds(40), () -> {
            for (Message message : local.sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                bodies.add(message.body());
                local.sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            return bodies.size() >= expected;
        });
        return bodies;
    }

    private EventSourceMapping mapping(String uuid) {
        return local.service.eventSourceMappings().stream().filter(m -> m.uuid().equals(uuid)).findFirst().orElseThrow();
    }

    private List<String> recordLines(String group) throws Exception {
        return Files.readAllLines(records, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith(group + " ")).map(line -> line.substring(group.length() + 1)).toList();
    }

    @Test
    void reportedFailuresStayOnTheQueueUntilTheyReachTheDeadLetterQueue() throws Exception {
        String queue = queueWithDlq("partial", 2);
        for (int i = 0; i < 25; i++) {
            String body = i % 8 == 3 ? "p" + i + " fail-always" : "p" + i;
            local.sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body));
        }

        CreateEventSourceMappingResponse created = local.lambda.createEventSourceMapping(r -> r.functionName("batch")
                .eventSourceArn(arn("partial")).batchSize(10).functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)
                .scalingConfig(s -> s.maximumConcurrency(2)));

        List<String> deadLetters = drain(queue.replace("partial", "partial-dlq"), 3);
        assertThat(deadLetters).containsExactlyInAnyOrder("p3 fail-always", "p11 fail-always", "p19 fail-always");
        Await.until("the queue to empty", Duration.ofSeconds(20), () -> depth(queue) == 0);
        EventSourceMappingStats stats = mapping(created.uuid()).stats();
        // at least: a slow batch may be received twice (at-least-once delivery), never fewer
        assertThat(stats.succeededRecords()).isGreaterThanOrEqualTo(22);
        assertThat(stats.failedRecords()).isGreaterThanOrEqualTo(6); // 3 failures, each received twice
        assertThat(stats.concurrency()).isEqualTo(2);
    }

    @Test
    void aThrownErrorFailsTheWholeBatch() throws Exception {
        String queue = queueWithDlq("whole", 1);
        local.sqs.sendMessage(r -> r.queueUrl(queue).messageBody("w1 throw"));

        CreateEventSourceMappingResponse created = local.lambda.createEventSourceMapping(r -> r.functionName("batch")
                .eventSourceArn(arn("whole")).functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));

        assertThat(drain(queue.replace("whole", "whole-dlq"), 1)).containsExactly("w1 throw");
        EventSourceMappingStats stats = mapping(created.uuid()).stats();
        assertThat(stats.functionErrors()).isGreaterThanOrEqualTo(1);
        assertThat(stats.succeededRecords()).isZero();
    }

    @Test
    void withoutReportBatchItemFailuresAReturnedFailureListIsIgnored() throws Exception {
        String queue = queueWithDlq("plain", 1);
        local.sqs.sendMessage(r -> r.queueUrl(queue).messageBody("x1 fail-always"));
        local.sqs.sendMessage(r -> r.queueUrl(queue).messageBody("x2"));

        CreateEventSourceMappingResponse created = local.lambda.createEventSourceMapping(r -> r.functionName("batch")
                .eventSourceArn(arn("plain")));

        Await.until("both records processed", Duration.ofSeconds(20),
                () -> mapping(created.uuid()).stats().succeededRecords() >= 2 && depth(queue) == 0);
        assertThat(depth(queue)).isZero();
    }

    @Test
    void fifoGroupsStayInOrderAndAFailureRetriesTheRestOfItsGroup() throws Exception {
        String queue = queueWithDlq("ordered.fifo", 5);
        for (String group : List.of("A", "B")) {
            for (int i = 1; i <= 5; i++) {
                String body = group.toLowerCase() + i + (group.equals("A") && i == 3 ? " fail-once" : "");
                local.sqs.sendMessage(r -> r.queueUrl(queue).messageGroupId(group).messageBody(body));
            }
        }

        local.lambda.createEventSourceMapping(r -> r.functionName("batch").eventSourceArn(arn("ordered.fifo"))
                .batchSize(10).functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));

        Await.until("the FIFO queue to empty", Duration.ofSeconds(40), () -> depth(queue) == 0);
        List<String> a = recordLines("A");
        int failure = a.indexOf("a3 fail-once fail");
        assertThat(failure).isPositive();
        assertThat(a.subList(0, failure)).containsExactly("a1 ok", "a2 ok");
        assertThat(a.subList(a.size() - 3, a.size())).containsExactly("a3 fail-once ok", "a4 ok", "a5 ok");
        assertThat(a).filteredOn(line -> line.startsWith("a3 ")).hasSize(2);
        assertThat(recordLines("B")).containsExactly("b1 ok", "b2 ok", "b3 ok", "b4 ok", "b5 ok");
    }

    /**
     * The FIFO case, batches smaller than a group: "red2" fails on its first receive. It and the rest of
     * its group come back in order after the visibility timeout; "green" and "blue" finish meanwhile.
     */
    @Test
    void fifoFailureInTheMiddleOfAGroupRetriesTheRestOfThatGroupInOrderWhileOtherGroupsCarryOn() throws Exception {
        local.sqs.createQueue(r -> r.queueName("groups-dlq.fifo").attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")));
        // 5 s, not 2: the other groups' batches must clearly fit into red's wait, even on a loaded machine
        String queue = local.sqs.createQueue(r -> r.queueName("groups.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, "5",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + arn("groups-dlq.fifo")
                        + "\",\"maxReceiveCount\":\"5\"}"))).queueUrl();
        List<String> groups = List.of("red", "green", "blue");
        for (int i = 1; i <= 6; i++) {
            for (String group : groups) {
                String body = group + i + (group.equals("red") && i == 2 ? " fail-once" : "");
                local.sqs.sendMessage(r -> r.queueUrl(queue).messageGroupId(group).messageBody(body));
            }
        }

        local.lambda.createEventSourceMapping(r -> r.functionName("batch").eventSourceArn(arn("groups.fifo"))
                .batchSize(3).functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)
                .scalingConfig(s -> s.maximumConcurrency(2)));

        Await.until("the FIFO queue to empty", Duration.ofSeconds(60), () -> depth(queue) == 0);
        List<String> red = recordLines("red");
        int failure = red.indexOf("red2 fail-once fail");
        int retry = red.indexOf("red2 fail-once ok");
        assertThat(failure).as("red2's failed attempt in %s", red).isEqualTo(1);
        assertThat(red.get(0)).isEqualTo("red1 ok");
        assertThat(retry).as("red2's retry in %s", red).isGreaterThan(failure);
        // The handler carries on after a failure, so later records of the failed batch ran once already.
        assertThat(red.subList(failure + 1, retry)).as("between red2's failure and its retry")
                .isIn(List.of(), List.of("red3 ok"), List.of("red3 ok", "red4 ok"));
        assertThat(red.subList(retry, red.size()))
                .containsExactly("red2 fail-once ok", "red3 ok", "red4 ok", "red5 ok", "red6 ok");
        for (String group : List.of("green", "blue")) {
            assertThat(recordLines(group)).containsExactly(group + "1 ok", group + "2 ok", group + "3 ok",
                    group + "4 ok", group + "5 ok", group + "6 ok");
        }
        List<String> all = Files.readAllLines(records, StandardCharsets.UTF_8);
        int redRetry = all.indexOf("red red2 fail-once ok");
        assertThat(all.indexOf("green green6 ok")).as("green finished before red's retry").isLessThan(redRetry);
        assertThat(all.indexOf("blue blue6 ok")).as("blue finished before red's retry").isLessThan(redRetry);
        assertThat(depth(queue.replace("groups.fifo", "groups-dlq.fifo"))).isZero();
    }

    @Test
    void aBatchingWindowLongerThanTheVisibilityTimeoutHoldsEachMessageOnce() throws Exception {
        // a 5 s window on a queue whose messages become visible again after 2 s: held messages would be received
        // again during the window (twice into one batch, with their receive count raised to the DLQ's limit)
        String queue = queueWithDlq("windowed", 2);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            bodies.add("windowed-" + i);
        }
        for (String body : bodies) {
            local.sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body));
        }

        CreateEventSourceMappingResponse created = local.lambda.createEventSourceMapping(r -> r.functionName("batch")
                .eventSourceArn(arn("windowed")).batchSize(100).maximumBatchingWindowInSeconds(5)
                .scalingConfig(s -> s.maximumConcurrency(2)));

        Await.until("the 30 records processed", Duration.ofSeconds(60),
                () -> mapping(created.uuid()).stats().succeededRecords() >= 30 && depth(queue) == 0);
        List<String> processed = recordLines("null").stream().filter(line -> line.startsWith("windowed-"))
                .map(line -> line.substring(0, line.indexOf(' '))).toList();
        assertThat(processed).as("each message in exactly one batch, once").containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(mapping(created.uuid()).stats().records()).isEqualTo(30);
        assertThat(depth(queue.replace("windowed", "windowed-dlq"))).as("no valid message in the DLQ").isZero();
        local.lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
    }

    @Test
    void maximumConcurrencyCapsTheEnvironmentsBusyAtOnce() throws Exception {
        local.createFunction("slow-batch", TestFunctions.BATCH, 1, Map.of());
        prewarm("slow-batch");
        String queue = queueWithDlq("slow", 3);
        for (int i = 0; i < 12; i++) {
            String body = "s" + i + " slow";
            local.sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body));
        }

        CreateEventSourceMappingResponse created = local.lambda.createEventSourceMapping(r -> r.functionName("slow-batch")
                .eventSourceArn(arn("slow")).batchSize(1).scalingConfig(s -> s.maximumConcurrency(2)));

        Await.until("all slow records processed", Duration.ofSeconds(40),
                () -> mapping(created.uuid()).stats().succeededRecords() >= 12 && depth(queue) == 0);
        FunctionEnvironments environments = local.service.environments("slow-batch");
        assertThat(environments.peakBusy()).isBetween(1, 2);
        assertThat(environments.running()).isBetween(1, 2);
        assertThat(mapping(created.uuid()).stats().batches()).isGreaterThanOrEqualTo(12); // at-least-once
    }

    @Test
    void mappingsAreListedDisabledAndDeleted() {
        queueWithDlq("managed", 3);
        String uuid = local.lambda.createEventSourceMapping(r -> r.functionName("batch").eventSourceArn(arn("managed"))
                .enabled(false)).uuid();

        assertThat(local.lambda.getEventSourceMapping(r -> r.uuid(uuid)).state()).isEqualTo("Disabled");
        assertThat(local.lambda.listEventSourceMappings(r -> r.eventSourceArn(arn("managed"))).eventSourceMappings())
                .extracting(m -> m.uuid()).containsExactly(uuid);
        assertThat(local.lambda.listEventSourceMappings(r -> r.functionName("batch")).eventSourceMappings())
                .extracting(m -> m.uuid()).contains(uuid);

        var enabled = local.lambda.updateEventSourceMapping(r -> r.uuid(uuid).enabled(true).batchSize(5));
        assertThat(enabled.state()).isEqualTo("Enabled");
        assertThat(enabled.batchSize()).isEqualTo(5);

        assertThat(local.lambda.deleteEventSourceMapping(r -> r.uuid(uuid)).state()).isEqualTo("Deleting");
        assertThatThrownBy(() -> local.lambda.getEventSourceMapping(r -> r.uuid(uuid)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void invalidMappingsAreRejectedNamingTheProblem() throws Exception {
        queueWithDlq("checked", 3);
        local.sqs.createQueue(r -> r.queueName("short-visibility")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")));
        local.createFunction("patient", TestFunctions.BATCH, 5, Map.of());

        assertThatThrownBy(() -> local.lambda.createEventSourceMapping(r -> r.functionName("patient")
                .eventSourceArn(arn("short-visibility"))))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("Queue visibility timeout: 1 seconds is less than Function timeout: 5 seconds");
        assertThatThrownBy(() -> local.lambda.createEventSourceMapping(r -> r.functionName("batch")
                .eventSourceArn(arn("checked")).batchSize(20)))
                .hasMessageContaining("batch window");
        assertThatThrownBy(() -> local.lambda.createEventSourceMapping(r -> r.functionName("batch")
                .eventSourceArn(arn("checked")).batchSize(10_001).maximumBatchingWindowInSeconds(1)))
                .hasMessageContaining("'batchSize'").hasMessageContaining("10000");
        assertThatThrownBy(() -> local.lambda.createEventSourceMapping(r -> r.functionName("batch")
                .eventSourceArn(arn("checked")).scalingConfig(s -> s.maximumConcurrency(1))))
                .hasMessageContaining("'scalingConfig.maximumConcurrency'");
        assertThatThrownBy(() -> local.lambda.createEventSourceMapping(r -> r.functionName("batch")
                .eventSourceArn(arn("no-such-queue"))))
                .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("no-such-queue");
        assertThatThrownBy(() -> local.lambda.createEventSourceMapping(r -> r.functionName("nope")
                .eventSourceArn(arn("checked"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
