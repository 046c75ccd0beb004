package dev.sluice.functions.model;

/** The names on the {@code orders} bus; infrastructure rules and tools rely on them. */
public final class EventTypes {

    public static final String SOURCE = "shop.orders";

    public static final String ORDER_PLACED = "OrderPlaced";
    public static final String ORDER_FULFILLED = "OrderFulfilled";
    public static final String ORDER_REJECTED = "OrderRejected";
    public static final String ORDER_FLAGGED = "OrderFlagged";

    private EventTypes() {
    }
}
