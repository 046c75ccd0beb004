package dev.sluice.local.lambda;

/**
 * What EventBridge needs from Lambda: an asynchronous ("Event") invoke. Lambda queues the event and retries
 * function errors itself; a thrown exception means the event could not be handed over (unknown function,
 * throttled) and the caller applies its own retry policy and dead-letter queue.
 */
public interface AsyncInvoker {

    /** Queues one asynchronous invocation of {@code functionNameOrArn} with {@code payload} (JSON bytes). */
    void invokeAsync(String functionNameOrArn, byte[] payload) throws DeliveryException;

    /** The event could not be handed to Lambda. */
    final class DeliveryException extends Exception {
        public DeliveryException(String message) {
            super(message);
        }
    }
}
