package dev.sluice.functions.notification;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.sluice.functions.OrderPipelineConfig;

/**
 * The {@code outbox} queue, reached through SmallRye Reactive Messaging's SQS connector. {@link #send} returns only
 * once SQS has accepted the message: a Lambda must not report a record done while its output is still in flight.
 */
@ApplicationScoped
public class Outbox {

    private final Emitter<String> emitter;
    private final Duration timeout;

    Outbox(@Channel("outbox") Emitter<String> emitter, OrderPipelineConfig config) {
        this.emitter = emitter;
        this.timeout = config.outbox().sendTimeout();
    }

    /** @throws OutboxSendException if the connector refuses the message or does not confirm it in time */
    public void send(String payload) {
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        Message<String> message = Message.of(payload)
                .withAck(() -> {
                    accepted.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    accepted.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
            accepted.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new OutboxSendException("outbox refused the notification: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new OutboxSendException("outbox did not confirm the notification within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboxSendException("interrupted while sending to the outbox", e);
        } catch (RuntimeException e) {
            // Emitter.send throws when the channel is cancelled or its buffer is full.
            throw new OutboxSendException("outbox channel did not take the notification: " + e.getMessage(), e);
        }
    }
}
