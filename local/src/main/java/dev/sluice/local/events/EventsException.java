package dev.sluice.local.events;

/**
 * A domain error of the local EventBridge. The core raises these with a {@link Kind}; only
 * {@link EventBridgeService} turns the kind into an AWS error code and an HTTP status.
 */
final class EventsException extends Exception {

    enum Kind { RESOURCE_NOT_FOUND, RESOURCE_ALREADY_EXISTS, INVALID_EVENT_PATTERN, VALIDATION, LIMIT_EXCEEDED }

    private final Kind kind;

    EventsException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    static EventsException notFound(String message) {
        return new EventsException(Kind.RESOURCE_NOT_FOUND, message);
    }

    static EventsException alreadyExists(String message) {
        return new EventsException(Kind.RESOURCE_ALREADY_EXISTS, message);
    }

    static EventsException invalid(String message) {
        return new EventsException(Kind.VALIDATION, message);
    }

    static EventsException invalidPattern(String message) {
        return new EventsException(Kind.INVALID_EVENT_PATTERN, message);
    }
}
