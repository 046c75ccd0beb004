package dev.sluice.functions.notification;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    private final boolean connected;
    private final String function;

    @Inject
    Outbox(@Channel("outbox") Emitter<String> emitter, OrderPipelineConfig config,
            @ConfigProperty(name = "mp.messaging.outgoing.outbox.enabled", defaultValue = "true") boolean connected,
            @ConfigProperty(name = "quarkus.funqy.export", defaultValue = "") String function) {
        this(emitter, config.outbox().sendTimeout(), connected, function);
    }

    Outbox(Emitter<String> emitter, Duration timeout, boolean connected, String function) {
        this.emitter = emitter;
        this.timeout = timeout;
        this.connected = connected;
        this.function = function;
    }

    /**
     * @throws OutboxSendException if the channel is not connected in this Lambda, or the connector refuses the message
     *                             or does not confirm it in time
     */
    public void send(String payload) {
        if (!connected) {
            // Only the functions listed under outbox-writers connect the channel (application.properties).
            throw new OutboxSendException("the outbox channel is not connected for function '" + function
                    + "': add outbox-writers." + function + "=true to application.properties", null);
        }
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
