package dev.sluice.local.events;

/** One failed hand-over to a target; {@code code} is what a dead-letter message reports as ERROR_CODE. */
final class DeliveryFailure extends Exception {

    private final String code;

    DeliveryFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
