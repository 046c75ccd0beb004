package dev.sluice.functions.review;

import java.math.BigDecimal;
import java.util.List;

import org.jboss.logging.Logger;

import dev.sluice.functions.OrderPipelineConfig;
import dev.sluice.functions.bus.OrdersBus;
import dev.sluice.functions.model.EventEnvelope;
import dev.sluice.functions.model.EventTypes;
import dev.sluice.functions.model.OrderFlagged;
import dev.sluice.functions.model.OrderPlaced;
import io.quarkus.funqy.Funq;
import io.smallrye.mutiny.Uni;

/**
 * {@code reviewOrder}: invoked asynchronously by the rule {@code OrderPlaced} with {@code detail.total} above the
 * review threshold ({@value #THRESHOLD_VARIABLE}, set by the stack from the rule's own number).
 * The rule decides; the function checks again, so a misconfigured rule flags nothing. A throw is a function error
 * (Lambda retries the async invoke, then the rule's dead-letter queue).
 */
public class ReviewOrderFunction {

    /** Where the stack puts the review threshold ({@code sluice.review.total-threshold}). */
    public static final String THRESHOLD_VARIABLE = "SLUICE_REVIEW_TOTAL_THRESHOLD";

    private static final Logger LOG = Logger.getLogger(ReviewOrderFunction.class);

    private final OrdersBus bus;
    private final ReviewRules rules;

    ReviewOrderFunction(OrdersBus bus, OrderPipelineConfig config) {
        this.bus = bus;
        BigDecimal threshold = config.review().totalThreshold().orElseThrow(() -> new IllegalStateException(
                "reviewOrder needs the review threshold: set the environment variable " + THRESHOLD_VARIABLE
                        + " (the stack sets it from the rule's threshold)"));
        this.rules = new ReviewRules(threshold, config.review().largeQuantity());
    }

    @Funq
    public Uni<Void> reviewOrder(EventEnvelope<OrderPlaced> event) {
        OrderPlaced order = event.requireDetail(EventTypes.ORDER_PLACED);
        List<String> reasons = rules.reasons(order);
        if (reasons.isEmpty()) {
            LOG.infof("order %s (total %s) is not above the review threshold: nothing to flag",
                    order.orderId(), order.total());
            return Uni.createFrom().voidItem();
        }
        return bus.publish(EventTypes.ORDER_FLAGGED,
                        new OrderFlagged(order.orderId(), order.customerId(), reasons, order.total(), order.currency()))
                .invoke(() -> LOG.infof("order %s flagged: %s", order.orderId(), reasons))
                .replaceWithVoid();
    }
}
