package dev.sluice.functions.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sluice.functions.Events;
import dev.sluice.functions.FunctionProfile;
import dev.sluice.functions.MockEventServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The configured outbox queue does not exist on the server: no send is acknowledged. */
@QuarkusTest
@TestProfile(FunctionProfile.NotifyCustomerWithoutOutbox.class)
class NotifyCustomerWithoutOutboxTest {

    @Test
    void unacknowledgedSendIsABatchItemFailure() {
        List<String> failures = MockEventServer.batchItemFailures(Events.sqsEvent(List.of(
                Map.entry("n-lost", Events.load("order-fulfilled.json").toString()))));

        assertThat(failures).containsExactly("n-lost");
    }
}
