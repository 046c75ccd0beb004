package dev.sluice.functions.notification;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sluice.functions.model.EventEnvelope;
import dev.sluice.functions.model.EventTypes;
import dev.sluice.functions.model.OrderOutcome;
import io.quarkus.funqy.Funq;

/**
 * {@code notifyCustomer}: triggered by the {@code notifications} queue, which carries {@code OrderFulfilled},
 * {@code OrderRejected} and {@code OrderFlagged} envelopes. Writes exactly one outbox message per record; a record
 * whose message is not confirmed is reported in {@code batchItemFailures}.
 */
public class NotifyCustomerFunction {

    private static final Logger LOG = Logger.getLogger(NotifyCustomerFunction.class);

    private final Outbox outbox;
    private final ObjectMapper mapper;

    NotifyCustomerFunction(Outbox outbox, ObjectMapper mapper) {
        this.outbox = outbox;
        this.mapper = mapper;
    }

    @Funq
    public void notifyCustomer(EventEnvelope<OrderOutcome> event) throws JsonProcessingException {
        OrderOutcome outcome = event.requireDetail(
                EventTypes.ORDER_FULFILLED, EventTypes.ORDER_REJECTED, EventTypes.ORDER_FLAGGED);
        Notification notification = new Notification(outcome.orderId(), outcome.customerId(), event.detailType(),
                event.id(), NotificationText.of(event.detailType(), outcome));
        outbox.send(mapper.writeValueAsString(notification));
        LOG.infof("notified customer %s of %s for order %s", outcome.customerId(), event.detailType(),
                outcome.orderId());
    }
}
