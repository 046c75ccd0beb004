package dev.sluice.local.events;

/** One failed hand-over to a target; {@code code} is what a dead-letter message reports as ERROR_CODE. */
final class DeliveryFailure extends Exception {

    /** The target resource does not exist (a queue never created or deleted): never retried. */
    static final String RESOURCE_NOT_FOUND = "RESOURCE_NOT_FOUND";

    private final String code;

    DeliveryFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }

    /**
     * Whether another attempt can help. AWS: "for errors that result from missing permissions to a target, or a target
     * resource that no longer exists ... Rather than retrying, EventBridge sends these events directly to the DLQ".
     */
    boolean retriable() {
        return !code.equals(RESOURCE_NOT_FOUND);
    }
}
