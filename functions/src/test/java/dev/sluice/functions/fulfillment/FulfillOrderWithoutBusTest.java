package dev.sluice.functions.fulfillment;

import static dev.sluice.functions.Events.orderPlaced;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sluice.functions.Events;
import dev.sluice.functions.FunctionProfile;
import dev.sluice.functions.MockEventServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The bus the function is configured with does not exist on the server: every publish fails. */
@QuarkusTest
@TestProfile(FunctionProfile.FulfillOrderWithoutBus.class)
class FulfillOrderWithoutBusTest {

    @Test
    void failedPublishIsABatchItemFailureForThatRecordOnly() {
        ObjectNode rejected = orderPlaced("o-nobus-2");
        Events.detail(rejected).put("currency", "JPY");

        List<String> failures = MockEventServer.batchItemFailures(Events.sqsEvent(List.of(
                Map.entry("m-fulfil", orderPlaced("o-nobus-1").toString()),
                Map.entry("m-reject", rejected.toString()))));

        assertThat(failures).containsExactlyInAnyOrder("m-fulfil", "m-reject");
    }
}
