package dev.sluice.functions.fulfillment;

import java.util.List;

import org.jboss.logging.Logger;

import dev.sluice.functions.OrderPipelineConfig;
import dev.sluice.functions.bus.OrdersBus;
import dev.sluice.functions.model.EventEnvelope;
import dev.sluice.functions.model.EventTypes;
import dev.sluice.functions.model.OrderFulfilled;
import dev.sluice.functions.model.OrderPlaced;
import dev.sluice.functions.model.OrderRejected;
import io.quarkus.funqy.Funq;

/**
 * {@code fulfillOrder}: triggered by the {@code fulfillment} queue. Funqy calls it once per SQS record with the
 * record's body (the EventBridge envelope); anything it throws, and a body that does not parse, marks only that
 * record in {@code batchItemFailures}. An invalid order is a business outcome, published as {@code OrderRejected}.
 */
public class FulfillOrderFunction {

    private static final Logger LOG = Logger.getLogger(FulfillOrderFunction.class);

    private final OrdersBus bus;
    private final OrderValidator validator;
    private final Inventory inventory;

    FulfillOrderFunction(OrdersBus bus, OrderPipelineConfig config) {
        this.bus = bus;
        this.validator = new OrderValidator(config.currencies());
        this.inventory = new Inventory(config.stock());
    }

    @Funq
    public void fulfillOrder(EventEnvelope<OrderPlaced> event) {
        OrderPlaced order = event.requireDetail(EventTypes.ORDER_PLACED);
        List<String> reasons = validator.check(order);
        if (reasons.isEmpty()) {
            reasons = inventory.shortages(order.items());
        }
        if (reasons.isEmpty()) {
            bus.publish(EventTypes.ORDER_FULFILLED,
                    new OrderFulfilled(order.orderId(), order.customerId(), order.total(), order.currency()));
            LOG.infof("order %s fulfilled", order.orderId());
        } else {
            bus.publish(EventTypes.ORDER_REJECTED,
                    new OrderRejected(order.orderId(), order.customerId(), reasons, order.total(), order.currency()));
            LOG.infof("order %s rejected: %s", order.orderId(), reasons);
        }
    }
}
