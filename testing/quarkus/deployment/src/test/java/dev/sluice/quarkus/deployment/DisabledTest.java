package dev.sluice.quarkus.deployment;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

/** quarkus.sluice.devservices.enabled=false: no local cloud, and no project is looked for. */
class DisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = TestApps.withConfig(
            "quarkus.sluice.devservices.enabled", "false",
            "quarkus.sluice.devservices.project", "/nonexistent");

    @Test
    void nothingIsStarted() {
        TestApps.assertNoLocalCloud(Optional.empty());
    }
}
