package dev.sluice.example.infra;

import dev.sluice.constructs.EventFunction;
import dev.sluice.constructs.EventFunctionProps;
import dev.sluice.constructs.FunqyFunction;
import dev.sluice.constructs.FunqyFunctionProps;
import dev.sluice.constructs.QueueFunction;
import dev.sluice.constructs.QueueFunctionProps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.constructs.Construct;

/**
 * The example's functions, all from one function.zip: fulfillOrder (queue fulfillment),
 * reviewOrder (large orders straight from the bus) and notifyCustomer (queue notifications).
 * Queues and bus come from {@link MessagingStack}; CDK exports them from there.
 */
public class FunctionsStack extends Stack {

    static final int FUNCTION_TIMEOUT_SECONDS = 30;
    /** Orders above this total are also sent to reviewOrder, which is told it (its only home). */
    public static final int REVIEW_THRESHOLD = 1000;
    /** Concurrent batches per queue-driven function. */
    public static final int MAX_CONCURRENCY = 5;

    public FunctionsStack(Construct scope, String id, StackProps props, StageNames names, MessagingStack messaging,
            String functionZip) {
        super(scope, id, props);
        EventBus bus = messaging.getOrdersBus();
        Map<String, String> busEnvironment = Map.of("ORDERS_BUS_NAME", bus.getEventBusName());

        FunqyFunction fulfill = function("FulfillOrderFunction", names, "fulfillOrder", functionZip, busEnvironment);
        bus.grantPutEventsTo(fulfill);
        new QueueFunction(this, "FulfillOrder", QueueFunctionProps.builder()
                .queue(messaging.getFulfillmentQueue())
                .function(fulfill)
                .maxConcurrency(MAX_CONCURRENCY)
                .build());

        // The function checks the total again, with the rule's own number.
        Map<String, String> reviewEnvironment = new LinkedHashMap<>(busEnvironment);
        reviewEnvironment.put("SLUICE_REVIEW_TOTAL_THRESHOLD", Integer.toString(REVIEW_THRESHOLD));
        FunqyFunction review = function("ReviewOrderFunction", names, "reviewOrder", functionZip, reviewEnvironment);
        bus.grantPutEventsTo(review);
        new EventFunction(this, "ReviewOrder", EventFunctionProps.builder()
                .eventBus(bus)
                .ruleName("OrderPlacedForReview")
                .ruleDescription("Orders above " + REVIEW_THRESHOLD + " are reviewed")
                .eventPattern(EventPattern.builder()
                        .source(List.of(MessagingStack.ORDERS_SOURCE))
                        .detailType(List.of("OrderPlaced"))
                        .detail(Map.of("total", List.of(Map.of("numeric", List.of(">", REVIEW_THRESHOLD)))))
                        .build())
                .function(review)
                .build());

        FunqyFunction notify = function("NotifyCustomerFunction", names, "notifyCustomer", functionZip, Map.of(
                "OUTBOX_QUEUE_NAME", messaging.getOutboxQueue().getQueueName(),
                "OUTBOX_QUEUE_URL", messaging.getOutboxQueue().getQueueUrl()));
        messaging.getOutboxQueue().grantSendMessages(notify);
        new QueueFunction(this, "NotifyCustomer", QueueFunctionProps.builder()
                .queue(messaging.getNotificationsQueue())
                .function(notify)
                .maxConcurrency(MAX_CONCURRENCY)
                .build());
    }

    private FunqyFunction function(String id, StageNames names, String export, String zip,
            Map<String, String> environment) {
        return new FunqyFunction(this, id, FunqyFunctionProps.builder()
                .functionName(names.physical(export))
                .export(export)
                .zipPath(zip)
                .timeout(Duration.seconds(FUNCTION_TIMEOUT_SECONDS))
                .environment(environment)
                .build());
    }
}
