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
import io.smallrye.mutiny.Uni;

/**
 * {@code fulfillOrder}: triggered by the {@code fulfillment} queue. Funqy calls it once per SQS record with the
 * record's body (the EventBridge envelope); anything it throws, and a body that does not parse, marks only that
 * record in {@code batchItemFailures}. An invalid order is a business outcome, published as {@code OrderRejected}.
 * The outcome is returned as a {@link Uni} so that the outcomes of a whole batch go out in one PutEvents call.
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
    public Uni<Void> fulfillOrder(EventEnvelope<OrderPlaced> event) {
        OrderPlaced order = event.requireDetail(EventTypes.ORDER_PLACED);
        List<String> reasons = validator.check(order);
        if (reasons.isEmpty()) {
            reasons = inventory.shortages(order.items());
        }
        if (reasons.isEmpty()) {
            return bus.publish(EventTypes.ORDER_FULFILLED,
                            new OrderFulfilled(order.orderId(), order.customerId(), order.total(), order.currency()))
                    .invoke(() -> LOG.infof("order %s fulfilled", order.orderId()))
                    .replaceWithVoid();
        }
        List<String> rejected = reasons;
        return bus.publish(EventTypes.ORDER_REJECTED,
                        new OrderRejected(order.orderId(), order.customerId(), rejected, order.total(), order.currency()))
                .invoke(() -> LOG.infof("order %s rejected: %s", order.orderId(), rejected))
                .replaceWithVoid();
    }
}
