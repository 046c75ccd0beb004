package dev.sluice.functions.notification;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The outbox of a Lambda whose function is not listed under {@code outbox-writers}: a clear error, not a hang. */
class OutboxTest {

    @Test
    void sendingWithoutAConnectedChannelNamesTheSettingToAdd() {
        Outbox outbox = new Outbox(null, Duration.ofSeconds(1), false, "notifyShipping");

        assertThatThrownBy(() -> outbox.send("{}"))
                .isInstanceOf(OutboxSendException.class)
                .hasMessage("the outbox channel is not connected for function 'notifyShipping': "
                        + "add outbox-writers.notifyShipping=true to application.properties");
    }
}
