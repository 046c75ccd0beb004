package dev.sluice.quarkus.deployment;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** An endpoint the user configured wins: no local cloud starts and nothing is overridden. */
class EndpointConfiguredTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = TestApps.withConfig(
            "quarkus.sqs.endpoint-override", "http://127.0.0.1:4599",
            "quarkus.sluice.devservices.project", "/nonexistent");

    @Test
    void theConfiguredEndpointStays() {
        TestApps.assertNoLocalCloud(Optional.of("http://127.0.0.1:4599"));
    }
}
