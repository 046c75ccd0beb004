package dev.sluice.constructs;

import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleProps;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueProps;
import software.constructs.Construct;

/**
 * A Lambda function invoked (asynchronously) by an EventBridge rule, with the target's retry
 * policy and a dead-letter queue for events EventBridge could not deliver, plus an alarm on that
 * queue. EventBridge may invoke the function only from this rule.
 */
public class EventFunction extends Construct {

    private static final Pattern RULE_NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");

    private final Rule rule;
    private final IFunction function;
    private final IQueue deadLetterQueue;
    private final Alarm deadLetterAlarm;

    public EventFunction(Construct scope, String id, EventFunctionProps props) {
        super(scope, id);
        FunctionChoice functionChoice = new FunctionChoice(props.function(), props.functionProps());
        PropViolations violations = new PropViolations("EventFunction");
        functionChoice.check(violations);
        if (props.eventPattern() == null) {
            violations.add("eventPattern is required (given none)");
        }
        String ruleName = props.ruleName();
        if (ruleName != null && !Token.isUnresolved(ruleName) && !RULE_NAME.matcher(ruleName).matches()) {
            violations.add("ruleName must be 1 to 64 letters, digits, '.', '-' or '_' (given '" + ruleName + "')");
        }
        violations.between("retryAttempts", props.retryAttempts(), 0, 185);
        violations.secondsBetween("maxEventAge", props.maxEventAge(), 60, 24 * 60 * 60);
        violations.throwIfAny();

        this.function = functionChoice.resolve(this);
        if (props.deadLetterQueue() != null) {
            this.deadLetterQueue = props.deadLetterQueue();
        } else {
            String functionName = functionChoice.physicalName();
            this.deadLetterQueue = new Queue(this, "DeadLetterQueue", QueueProps.builder()
                    .queueName(functionName == null ? null : functionName + EventFunctionProps.DEAD_LETTER_SUFFIX)
                    .retentionPeriod(DeadLetteredQueueProps.DEAD_LETTER_RETENTION)
                    .build());
        }
        this.rule = new Rule(this, "Rule", RuleProps.builder()
                .eventBus(props.eventBus())
                .eventPattern(props.eventPattern())
                .ruleName(ruleName)
                .description(props.ruleDescription())
                .enabled(props.enabled() != null ? props.enabled() : Boolean.TRUE)
                .build());
        // LambdaFunction adds the invoke permission for this rule and the DLQ's policy for EventBridge.
        rule.addTarget(new LambdaFunction(function, LambdaFunctionProps.builder()
                .retryAttempts(props.retryAttempts() != null
                        ? props.retryAttempts() : EventFunctionProps.DEFAULT_RETRY_ATTEMPTS)
                .maxEventAge(props.maxEventAge() != null
                        ? props.maxEventAge() : EventFunctionProps.DEFAULT_MAX_EVENT_AGE)
                .deadLetterQueue(deadLetterQueue)
                .build()));
        this.deadLetterAlarm = DeadLetterAlarm.on(this, deadLetterQueue,
                "EventBridge could not deliver events to the function");
    }

    public Rule getRule() {
        return rule;
    }

    public IFunction getFunction() {
        return function;
    }

    public IQueue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /** ApproximateNumberOfMessagesVisible on the dead-letter queue above zero. */
    public Alarm getDeadLetterAlarm() {
        return deadLetterAlarm;
    }
}
