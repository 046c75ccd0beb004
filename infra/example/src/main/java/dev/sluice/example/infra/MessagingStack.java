package dev.sluice.example.infra;

import dev.sluice.constructs.DeadLetteredQueue;
import dev.sluice.constructs.DeadLetteredQueueProps;
import java.util.List;
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
 * The example's messaging: bus {@code orders}; queues {@code fulfillment}, {@code notifications}
 * and {@code outbox}, each with a {@code -dlq}; rules that route order events into the queues.
 * It has no functions, so it deploys on its own (also where Lambda cannot run, as on LocalStack
 * without Docker).
 */
public class MessagingStack extends Stack {

    /** Source of the events the example's producer publishes. */
    public static final String ORDERS_SOURCE = "shop.orders";
    /** Queues consumed by a function: 6x the 30-second function timeout of {@link FunctionsStack}. */
    public static final Duration CONSUMER_VISIBILITY_TIMEOUT =
            Duration.seconds(6 * FunctionsStack.FUNCTION_TIMEOUT_SECONDS);

    private final EventBus ordersBus;
    private final Queue fulfillmentQueue;
    private final Queue notificationsQueue;
    private final Queue outboxQueue;
    private final Rule orderPlacedRule;
    private final Rule orderOutcomeRule;

    public MessagingStack(Construct scope, String id, StackProps props, StageNames names) {
        super(scope, id, props);
        this.ordersBus = new EventBus(this, "OrdersBus", EventBusProps.builder()
                .eventBusName(names.physical("orders"))
                .build());
        this.fulfillmentQueue = queue("Fulfillment", names.physical("fulfillment"), CONSUMER_VISIBILITY_TIMEOUT);
        this.notificationsQueue = queue("Notifications", names.physical("notifications"), CONSUMER_VISIBILITY_TIMEOUT);
        this.outboxQueue = queue("Outbox", names.physical("outbox"), null);

        // Rule names are per bus, and the bus carries the stage prefix already.
        // SqsQueue targets deliver the whole event envelope and allow only their rule to send.
        this.orderPlacedRule = new Rule(this, "OrderPlacedRule", RuleProps.builder()
                .eventBus(ordersBus)
                .ruleName("OrderPlaced")
                .description("New orders go to the fulfillment queue")
                .eventPattern(EventPattern.builder()
                        .source(List.of(ORDERS_SOURCE))
                        .detailType(List.of("OrderPlaced"))
                        .build())
                .build());
        orderPlacedRule.addTarget(new SqsQueue(fulfillmentQueue));
        this.orderOutcomeRule = new Rule(this, "OrderOutcomeRule", RuleProps.builder()
                .eventBus(ordersBus)
                .ruleName("OrderOutcome")
                .description("Outcomes of an order go to the notifications queue")
                .eventPattern(EventPattern.builder()
                        .detailType(List.of("OrderFulfilled", "OrderRejected", "OrderFlagged"))
                        .build())
                .build());
        orderOutcomeRule.addTarget(new SqsQueue(notificationsQueue));
    }

    private Queue queue(String id, String name, Duration visibilityTimeout) {
        return new DeadLetteredQueue(this, id, DeadLetteredQueueProps.builder()
                .queueName(name)
                .visibilityTimeout(visibilityTimeout)
                .build()).getQueue();
    }

    public EventBus getOrdersBus() {
        return ordersBus;
    }

    public Queue getFulfillmentQueue() {
        return fulfillmentQueue;
    }

    public Queue getNotificationsQueue() {
        return notificationsQueue;
    }

    public Queue getOutboxQueue() {
        return outboxQueue;
    }

    public Rule getOrderPlacedRule() {
        return orderPlacedRule;
    }

    public Rule getOrderOutcomeRule() {
        return orderOutcomeRule;
    }
}
