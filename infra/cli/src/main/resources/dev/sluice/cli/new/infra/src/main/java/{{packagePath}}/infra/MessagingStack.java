package {{package}}.infra;

import java.util.List;

import dev.sluice.constructs.DeadLetteredQueue;
import dev.sluice.constructs.DeadLetteredQueueProps;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventBusProps;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleProps;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The bus {@value #BUS_NAME}, the queue {@value #TASK_QUEUE_NAME} with its dead-letter queue, and the rule that puts
 * every {@value #TASK_SUBMITTED} event from {@value #TASK_SOURCE} on the queue. It holds no function, so it deploys on
 * its own.
 */
public class MessagingStack extends Stack {

    public static final String BUS_NAME = "{{name}}";
    public static final String TASK_QUEUE_NAME = "{{name}}-tasks";
    public static final String TASK_SOURCE = "{{name}}.tasks";
    public static final String TASK_SUBMITTED = "TaskSubmitted";

    private final EventBus bus;
    private final Queue taskQueue;

    public MessagingStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        this.bus = new EventBus(this, "Bus", EventBusProps.builder()
                .eventBusName(BUS_NAME)
                .build());
        // Six times the timeout of the function that consumes the queue, as AWS advises (QueueFunction checks it).
        this.taskQueue = new DeadLetteredQueue(this, "Tasks", DeadLetteredQueueProps.builder()
                .queueName(TASK_QUEUE_NAME)
                .visibilityTimeout(Duration.seconds(6 * FunctionsStack.FUNCTION_TIMEOUT_SECONDS))
                .build()).getQueue();
        // The queue target delivers the whole event; only this rule may send to the queue.
        new Rule(this, "TaskSubmittedRule", RuleProps.builder()
                .eventBus(bus)
                .ruleName(TASK_SUBMITTED)
                .description("Submitted tasks go to the task queue")
                .eventPattern(EventPattern.builder()
                        .source(List.of(TASK_SOURCE))
                        .detailType(List.of(TASK_SUBMITTED))
                        .build())
                .targets(List.of(new SqsQueue(taskQueue)))
                .build());
    }

    public EventBus getBus() {
        return bus;
    }

    public Queue getTaskQueue() {
        return taskQueue;
    }
}
