package dev.sluice.constructs;

import static dev.sluice.constructs.TestScopes.function;
import static dev.sluice.constructs.TestScopes.functionProps;
import static dev.sluice.constructs.TestScopes.stack;
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
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventBusProps;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.lambda.FunctionProps;
import software.amazon.awscdk.services.sqs.Queue;

class EventFunctionTest {

    private static final EventPattern PATTERN = EventPattern.builder()
            .source(List.of("shop.orders")).detailType(List.of("OrderPlaced")).build();

    private static Template synth(Stack stack, EventFunctionProps.Builder props) {
        new EventFunction(stack, "Handler", props.build());
        return Template.fromStack(stack);
    }

    private static Template synth(EventFunctionProps.Builder props) {
        Stack stack = stack();
        return synth(stack, props.eventPattern(PATTERN).function(function(stack, "Fn", 30)));
    }

    @Test
    void defaults() {
        Stack stack = stack();
        FunctionProps named = FunctionProps.builder().runtime(functionProps(30).getRuntime())
                .handler("index.handler").code(functionProps(30).getCode()).functionName("review").build();
        Template template = synth(stack, EventFunctionProps.builder().eventPattern(PATTERN).functionProps(named));

        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of("source", List.of("shop.orders"), "detail-type", List.of("OrderPlaced")),
                "State", "ENABLED",
                "EventBusName", Match.absent(),
                "Targets", List.of(Match.objectLike(Map.of(
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 185, "MaximumEventAgeInSeconds", 86_400),
                        "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt",
                                List.of(Match.stringLikeRegexp("HandlerDeadLetterQueue.*"), "Arn"))))))));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "QueueName", "review-events-dlq", "MessageRetentionPeriod", 1_209_600));
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction", "Principal", "events.amazonaws.com"));
        template.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of("PolicyDocument", Map.of("Statement",
                List.of(Match.objectLike(Map.of("Action", "sqs:SendMessage",
                        "Principal", Map.of("Service", "events.amazonaws.com")))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible", "Threshold", 0));
    }

    @Test
    void eventBus() {
        Stack stack = stack();
        EventBus bus = new EventBus(stack, "Bus", EventBusProps.builder().eventBusName("orders").build());
        synth(stack, EventFunctionProps.builder().eventBus(bus).eventPattern(PATTERN)
                .function(function(stack, "Fn", 30))).hasResourceProperties("AWS::Events::Rule", Map.of(
                        "EventBusName", Map.of("Ref", Match.stringLikeRegexp("Bus.*"))));
    }

    @Test
    void retryAttempts() {
        synth(EventFunctionProps.builder().retryAttempts(0)).hasResourceProperties("AWS::Events::Rule", Map.of(
                "Targets", List.of(Match.objectLike(Map.of("RetryPolicy", Map.of("MaximumRetryAttempts", 0))))));
    }

    @Test
    void maxEventAge() {
        synth(EventFunctionProps.builder().maxEventAge(Duration.hours(2))).hasResourceProperties("AWS::Events::Rule",
                Map.of("Targets", List.of(Match.objectLike(Map.of(
                        "RetryPolicy", Map.of("MaximumEventAgeInSeconds", 7200))))));
    }

    @Test
    void givenDeadLetterQueue() {
        Stack stack = stack();
        Queue dlq = new Queue(stack, "Mine");
        Template template = synth(stack, EventFunctionProps.builder().eventPattern(PATTERN)
                .function(function(stack, "Fn", 30)).deadLetterQueue(dlq));
        template.resourceCountIs("AWS::SQS::Queue", 1);
        template.hasResourceProperties("AWS::Events::Rule", Map.of("Targets", List.of(Match.objectLike(Map.of(
                "DeadLetterConfig", Map.of("Arn", Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("Mine.*"), "Arn"))))))));
    }

    @Test
    void ruleNameAndDescription() {
        synth(EventFunctionProps.builder().ruleName("BigOrders").ruleDescription("big"))
                .hasResourceProperties("AWS::Events::Rule", Map.of("Name", "BigOrders", "Description", "big"));
    }

    @Test
    void disabled() {
        synth(EventFunctionProps.builder().enabled(false))
                .hasResourceProperties("AWS::Events::Rule", Map.of("State", "DISABLED"));
    }

    static Stream<Arguments> invalidProps() {
        return Stream.of(
                Arguments.of("retry attempts below 0", change(b -> b.retryAttempts(-1)),
                        "retryAttempts must be between 0 and 185 inclusive (given -1)"),
                Arguments.of("retry attempts above 185", change(b -> b.retryAttempts(186)),
                        "retryAttempts must be between 0 and 185 inclusive (given 186)"),
                Arguments.of("max event age below 60 s", change(b -> b.maxEventAge(Duration.seconds(59))),
                        "maxEventAge must be between 60 and 86400 seconds inclusive (given 59 seconds)"),
                Arguments.of("max event age above 24 h", change(b -> b.maxEventAge(Duration.seconds(86_401))),
                        "maxEventAge must be between 60 and 86400 seconds inclusive (given 86401 seconds)"),
                Arguments.of("no pattern", change(b -> b.eventPattern(null)), "eventPattern is required (given none)"),
                Arguments.of("bad rule name", change(b -> b.ruleName("big orders")),
                        "ruleName must be 1 to 64 letters, digits, '.', '-' or '_' (given 'big orders')"),
                Arguments.of("both function sources", change(b -> b.functionProps(functionProps(30))),
                        "give function or functionProps, not both (given both)"));
    }

    private static Function<EventFunctionProps.Builder, EventFunctionProps.Builder> change(
            Function<EventFunctionProps.Builder, EventFunctionProps.Builder> change) {
        return change;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidProps")
    void rejectsInvalidProps(String name, Function<EventFunctionProps.Builder, EventFunctionProps.Builder> change,
            String message) {
        Stack stack = stack();
        EventFunctionProps props = change.apply(EventFunctionProps.builder().eventPattern(PATTERN)
                .function(function(stack, "Fn", 30))).build();
        assertThatThrownBy(() -> new EventFunction(stack, "Handler", props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid EventFunction props: ")
                .hasMessageContaining(message);
    }
}
