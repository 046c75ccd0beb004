package dev.sluice.functions.review;

import static dev.sluice.functions.Events.orderPlaced;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import dev.sluice.functions.FunctionProfile;
import dev.sluice.functions.MockEventServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Run without the stack's SLUICE_REVIEW_TOTAL_THRESHOLD, reviewOrder fails and says which variable it needs. */
@QuarkusTest
@TestProfile(FunctionProfile.ReviewOrderWithoutThreshold.class)
class ReviewOrderWithoutThresholdTest {

    @Test
    void invokeFailsNamingTheVariable() {
        MockEventServer.invoke(orderPlaced("o-nothreshold").toString()).statusCode(500)
                .body("errorMessage", containsString(ReviewOrderFunction.THRESHOLD_VARIABLE));
    }
}
