package dev.sluice.constructs;

import static dev.sluice.constructs.TestScopes.function;
import static dev.sluice.constructs.TestScopes.functionProps;
import static dev.sluice.constructs.TestScopes.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.ProvisionedPollerConfig;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueProps;

class QueueFunctionTest {

    /** The QueueFunction "Worker" of {@code stack} around its function "Fn" (30 s timeout). */
    static QueueFunction worker(Stack stack, QueueFunctionProps.Builder props) {
        return new QueueFunction(stack, "Worker", props.function(function(stack, "Fn", 30)).build());
    }

    private static Template synth(Stack stack, QueueFunctionProps.Builder props) {
        worker(stack, props);
        return Template.fromStack(stack);
    }

    static Template synth(QueueFunctionProps.Builder props) {
        return synth(stack(), props);
    }

    @Test
    void defaults() {
        Stack stack = stack();
        QueueFunction worker = worker(stack, QueueFunctionProps.builder());
        Template template = Template.fromStack(stack);

        template.resourceCountIs("AWS::SQS::Queue", 2);
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "VisibilityTimeout", 180,
                "RedrivePolicy", Map.of("maxReceiveCount", 3)));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("MessageRetentionPeriod", 1_209_600));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 10,
                "Enabled", true,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", 5),
                "MaximumBatchingWindowInSeconds", Match.absent()));
        template.resourceCountIs("AWS::CloudWatch::Alarm", 3);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 1000, "EvaluationPeriods", 3));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 300));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0,
                "ComparisonOperator", "GreaterThanThreshold"));
        assertThat(worker.getAlarms()).hasSize(3);
        assertThat(worker.getQueue()).isNotNull();
        assertThat(worker.getDeadLetterQueue()).isNotNull();
        assertThat(worker.getEventSourceMapping()).isNotNull();
    }

    @Test
    void grantsConsumeOnItsOwnQueueOnly() {
        Template template = synth(QueueFunctionProps.builder());
        template.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", List.of(
                Map.of("Action", Match.arrayWith(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage")),
                        "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(
                                Match.stringLikeRegexp("WorkerQueue[0-9A-F]{8}"), "Arn")))))));
    }

    @Test
    void queueNameNamesQueueAndDeadLetterQueue() {
        Template template = synth(QueueFunctionProps.builder().queueName("orders"));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "orders"));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "orders-dlq"));
    }

    @Test
    void maxReceiveCount() {
        synth(QueueFunctionProps.builder().maxReceiveCount(7)).hasResourceProperties("AWS::SQS::Queue",
                Map.of("RedrivePolicy", Map.of("maxReceiveCount", 7)));
    }

    @Test
    void visibilityTimeoutAboveSixTimes() {
        synth(QueueFunctionProps.builder().visibilityTimeout(Duration.minutes(5))).hasResourceProperties(
                "AWS::SQS::Queue", Map.of("VisibilityTimeout", 300));
    }

    @Test
    void visibilityTimeoutDefaultsToSixTimesTheTimeoutOfCreatedFunction() {
        Stack stack = stack();
        new QueueFunction(stack, "Worker", QueueFunctionProps.builder().functionProps(functionProps(10)).build());
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("VisibilityTimeout", 60));
        template.resourceCountIs("AWS::Lambda::Function", 1);
    }

    @Test
    void batchSizeWithBatchingWindow() {
        synth(QueueFunctionProps.builder().batchSize(500).maxBatchingWindow(Duration.seconds(5)))
                .hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                        "BatchSize", 500, "MaximumBatchingWindowInSeconds", 5));
    }

    @Test
    void maxConcurrency() {
        synth(QueueFunctionProps.builder().maxConcurrency(1000)).hasResourceProperties(
                "AWS::Lambda::EventSourceMapping", Map.of("ScalingConfig", Map.of("MaximumConcurrency", 1000)));
    }

    @Test
    void provisionedPollersReplaceMaxConcurrency() {
        Template template = synth(QueueFunctionProps.builder().provisionedPollers(
                ProvisionedPollerConfig.builder().minimumPollers(3).maximumPollers(50).build()));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of("ProvisionedPollerConfig",
                Map.of("MinimumPollers", 3, "MaximumPollers", 50), "ScalingConfig", Match.absent()));
    }

    @Test
    void reservedConcurrencyCoveringTheMappingIsAccepted() {
        Stack stack = stack();
        new QueueFunction(stack, "Worker", QueueFunctionProps.builder().maxConcurrency(4)
                .functionProps(reserved(4)).build());
        Template.fromStack(stack).hasResourceProperties("AWS::Lambda::Function",
                Map.of("ReservedConcurrentExecutions", 4));
    }

    @Test
    void reservedConcurrencyBelowTheMappingIsRefused() {
        Stack stack = stack();
        assertThatThrownBy(() -> new QueueFunction(stack, "Worker", QueueFunctionProps.builder()
                .functionProps(reserved(1)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the function's reservedConcurrentExecutions must be at least the mapping's"
                        + " maxConcurrency 5")
                .hasMessageContaining("(given reservedConcurrentExecutions 1)");
    }

    @Test
    void aDisabledMappingMayHaveAnyReservation() {
        Stack stack = stack();
        new QueueFunction(stack, "Worker", QueueFunctionProps.builder().enabled(false).functionProps(reserved(0))
                .build());
    }

    private static software.amazon.awscdk.services.lambda.FunctionProps reserved(int reserved) {
        return software.amazon.awscdk.services.lambda.FunctionProps.builder().runtime(
                software.amazon.awscdk.services.lambda.Runtime.PYTHON_3_12).handler("index.handler")
                .code(software.amazon.awscdk.services.lambda.Code.fromInline("def handler(e, c):\n    return {}\n"))
                .timeout(Duration.seconds(30)).reservedConcurrentExecutions(reserved).build();
    }

    @Test
    void disabled() {
        synth(QueueFunctionProps.builder().enabled(false)).hasResourceProperties(
                "AWS::Lambda::EventSourceMapping", Map.of("Enabled", false));
    }

    @Test
    void backlogAlarmThreshold() {
        synth(QueueFunctionProps.builder().backlogAlarmThreshold(42)).hasResourceProperties(
                "AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 42));
    }

    @Test
    void oldestMessageAgeAlarmThreshold() {
        synth(QueueFunctionProps.builder().oldestMessageAgeAlarmThreshold(Duration.minutes(10))).hasResourceProperties(
                "AWS::CloudWatch::Alarm", Map.of("MetricName", "ApproximateAgeOfOldestMessage", "Threshold", 600));
    }

    @Test
    void existingQueueUsesItsDeadLetterQueue() {
        Stack stack = stack();
        DeadLetteredQueue existing = new DeadLetteredQueue(stack, "Existing", DeadLetteredQueueProps.builder()
                .queueName("jobs").visibilityTimeout(Duration.seconds(180)).build());
        QueueFunction worker = new QueueFunction(stack, "Worker", QueueFunctionProps.builder()
                .queue(existing.getQueue()).function(function(stack, "Fn", 30)).build());
        Template template = Template.fromStack(stack);

        template.resourceCountIs("AWS::SQS::Queue", 2);
        assertThat(worker.getDeadLetterQueue()).isSameAs(existing.getDeadLetterQueue());
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ExistingQueue.*"), "Arn"))));
    }

    @Test
    void importedQueueWithGivenDeadLetterQueue() {
        Stack stack = stack();
        IQueue queue = Queue.fromQueueArn(stack, "Imported", "arn:aws:sqs:eu-west-1:123456789012:jobs");
        IQueue dlq = Queue.fromQueueArn(stack, "ImportedDlq", "arn:aws:sqs:eu-west-1:123456789012:jobs-dlq");
        new QueueFunction(stack, "Worker", QueueFunctionProps.builder()
                .queue(queue).deadLetterQueue(dlq).function(function(stack, "Fn", 30)).build());
        Template template = Template.fromStack(stack);

        template.resourceCountIs("AWS::SQS::Queue", 0);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", "jobs-dlq"))));
    }

    @Test
    void fifo() {
        Template template = synth(QueueFunctionProps.builder().queueName("jobs").fifo(true)
                .contentBasedDeduplication(true).batchSize(10));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "jobs.fifo", "FifoQueue", true, "ContentBasedDeduplication", true));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "jobs-dlq.fifo", "FifoQueue", true));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 10, "MaximumBatchingWindowInSeconds", Match.absent()));
    }

    @Test
    void fifoFromTheNameSuffix() {
        Template template = synth(QueueFunctionProps.builder().queueName("jobs.fifo"));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "jobs.fifo", "FifoQueue", true));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "jobs-dlq.fifo"));
    }

    static Stream<Arguments> invalidProps() {
        return Stream.of(
                invalid("visibility below 6x the function timeout",
                        b -> b.visibilityTimeout(Duration.seconds(179)),
                        "visibilityTimeout must be at least 6 times the function timeout of 30 seconds, i.e. 180"
                                + " seconds (given 179 seconds)"),
                invalid("maxConcurrency below 2", b -> b.maxConcurrency(1),
                        "maxConcurrency must be between 2 and 1000 inclusive (given 1)"),
                invalid("maxConcurrency above 1000", b -> b.maxConcurrency(1001),
                        "maxConcurrency must be between 2 and 1000 inclusive (given 1001)"),
                invalid("batchSize below 1", b -> b.batchSize(0),
                        "batchSize must be between 1 and 10000 inclusive (given 0)"),
                invalid("batchSize above 10000", b -> b.batchSize(10_001).maxBatchingWindow(Duration.seconds(1)),
                        "batchSize must be between 1 and 10000 inclusive (given 10001)"),
                invalid("batchSize above 10 for FIFO", b -> b.fifo(true).batchSize(11),
                        "batchSize (FIFO queue) must be between 1 and 10 inclusive (given 11)"),
                invalid("batchSize above 10 without a window", b -> b.batchSize(11),
                        "batchSize above 10 needs a maxBatchingWindow of at least 1 second (given batchSize 11,"
                                + " maxBatchingWindow none)"),
                invalid("batchSize above 10 with a zero window", b -> b.batchSize(11).maxBatchingWindow(Duration.seconds(0)),
                        "batchSize above 10 needs a maxBatchingWindow of at least 1 second (given batchSize 11,"
                                + " maxBatchingWindow 0 seconds)"),
                invalid("window above 300 s", b -> b.maxBatchingWindow(Duration.seconds(301)),
                        "maxBatchingWindow must be between 0 and 300 seconds inclusive (given 301 seconds)"),
                invalid("window with FIFO", b -> b.queueName("jobs.fifo").maxBatchingWindow(Duration.seconds(1)),
                        "maxBatchingWindow is not supported for FIFO queues (given 1 seconds)"),
                invalid("maxReceiveCount below 1", b -> b.maxReceiveCount(0),
                        "maxReceiveCount must be between 1 and 1000 inclusive (given 0)"),
                invalid("content deduplication on a standard queue", b -> b.contentBasedDeduplication(true),
                        "contentBasedDeduplication applies only to FIFO queues (given true for a standard queue)"),
                invalid("backlog alarm threshold below 1", b -> b.backlogAlarmThreshold(0),
                        "backlogAlarmThreshold must be at least 1 (given 0)"),
                invalid("age alarm threshold below 60 s", b -> b.oldestMessageAgeAlarmThreshold(Duration.seconds(30)),
                        "oldestMessageAgeAlarmThreshold must be between 60 and 1209600 seconds inclusive (given 30"
                                + " seconds)"),
                invalid("bad queue name", b -> b.queueName("my queue"),
                        "queueName must be 1 to 76 letters, digits, '-' or '_'"),
                invalid("provisionedPollers with maxConcurrency", b -> b.maxConcurrency(10).provisionedPollers(
                        ProvisionedPollerConfig.builder().minimumPollers(2).build()),
                        "give maxConcurrency or provisionedPollers, not both: AWS's standard and provisioned scaling"
                                + " modes are mutually exclusive (given maxConcurrency 10)"),
                invalid("minimumPollers below 2", b -> b.provisionedPollers(
                        ProvisionedPollerConfig.builder().minimumPollers(1).build()),
                        "provisionedPollers.minimumPollers must be between 2 and 200 inclusive (given 1)"),
                invalid("maximumPollers above 10000", b -> b.provisionedPollers(
                        ProvisionedPollerConfig.builder().maximumPollers(10_001).build()),
                        "provisionedPollers.maximumPollers must be between 2 and 10000 inclusive (given 10001)"),
                invalid("minimumPollers above maximumPollers", b -> b.provisionedPollers(
                        ProvisionedPollerConfig.builder().minimumPollers(20).maximumPollers(10).build()),
                        "provisionedPollers.minimumPollers must not exceed maximumPollers (given min 20, max 10)"));
    }

    static Arguments invalid(String name, Function<QueueFunctionProps.Builder, QueueFunctionProps.Builder> change,
            String message) {
        return Arguments.of(name, change, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"invalidProps", "dev.sluice.constructs.QueueFunctionScalingTest#invalidProps"})
    void rejectsInvalidProps(String name, Function<QueueFunctionProps.Builder, QueueFunctionProps.Builder> change,
            String message) {
        Stack stack = stack();
        QueueFunctionProps props = change.apply(QueueFunctionProps.builder().function(function(stack, "Fn", 30))).build();
        assertThatThrownBy(() -> new QueueFunction(stack, "Worker", props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid QueueFunction props: ")
                .hasMessageContaining(message);
    }

    @Test
    void reportsEveryViolationAtOnce() {
        Stack stack = stack();
        QueueFunctionProps props = QueueFunctionProps.builder().function(function(stack, "Fn", 30))
                .maxConcurrency(1).batchSize(0).maxBatchingWindow(Duration.seconds(301)).build();
        assertThatThrownBy(() -> new QueueFunction(stack, "Worker", props))
                .hasMessageContaining("maxConcurrency must be between 2 and 1000 inclusive (given 1)")
                .hasMessageContaining("batchSize must be between 1 and 10000 inclusive (given 0)")
                .hasMessageContaining("maxBatchingWindow must be between 0 and 300 seconds inclusive (given 301 seconds)");
    }

    @Test
    void rejectsExistingQueueWithTooShortVisibility() {
        Stack stack = stack();
        Queue queue = new Queue(stack, "Short", QueueProps.builder().visibilityTimeout(Duration.seconds(60)).build());
        IQueue dlq = new Queue(stack, "Dlq");
        QueueFunctionProps props = QueueFunctionProps.builder()
                .queue(queue).deadLetterQueue(dlq).function(function(stack, "Fn", 30)).build();
        assertThatThrownBy(() -> new QueueFunction(stack, "Worker", props))
                .hasMessageContaining("the queue's visibility timeout must be at least 6 times the function timeout"
                        + " of 30 seconds, i.e. 180 seconds (given 60 seconds)");
    }

    @Test
    void rejectsExistingQueueWithoutDeadLetterQueue() {
        Stack stack = stack();
        Queue queue = new Queue(stack, "Plain", QueueProps.builder().visibilityTimeout(Duration.seconds(180)).build());
        QueueFunctionProps props = QueueFunctionProps.builder().queue(queue).function(function(stack, "Fn", 30)).build();
        assertThatThrownBy(() -> new QueueFunction(stack, "Worker", props))
                .hasMessageContaining("deadLetterQueue is required when the given queue has no dead-letter queue");
    }

    @Test
    void rejectsCreatedQueuePropsWithExistingQueue() {
        Stack stack = stack();
        DeadLetteredQueue existing = new DeadLetteredQueue(stack, "Existing", DeadLetteredQueueProps.builder()
                .visibilityTimeout(Duration.seconds(180)).build());
        QueueFunctionProps props = QueueFunctionProps.builder().queue(existing.getQueue()).maxReceiveCount(5)
                .function(function(stack, "Fn", 30)).build();
        assertThatThrownBy(() -> new QueueFunction(stack, "Worker", props))
                .hasMessageContaining("maxReceiveCount describes a created queue and cannot be used with an existing"
                        + " queue (given 5)");
    }

    @Test
    void needsExactlyOneFunctionSource() {
        assertThatThrownBy(() -> new QueueFunction(stack(), "Worker", QueueFunctionProps.builder().build()))
                .hasMessageContaining("function or functionProps is required (given neither)");
        Stack stack = stack();
        QueueFunctionProps both = QueueFunctionProps.builder()
                .function(function(stack, "Fn", 30)).functionProps(functionProps(30)).build();
        assertThatThrownBy(() -> new QueueFunction(stack, "Worker", both))
                .hasMessageContaining("give function or functionProps, not both (given both)");
    }
}
