package dev.sluice.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A run of its own (JUnit's test kit runs {@link FailingExample} as a separate test run): the cloud starts for the
 * run, a failed test carries the cloud's report, and the cloud is stopped when the run ends.
 */
class RunLifecycleTest {

    @Test
    void aFailedTestCarriesTheReportAndTheCloudStopsWhenTheRunEnds() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FailingExample.class))
                .execute();

        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(1);
        Throwable failure = failed.get(0).getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
                .getThrowable().orElseThrow();
        assertThat(failure).hasMessage("the example fails on purpose");
        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(failure.getSuppressed()[0].getMessage())
                .startsWith("state of the local cloud at the failure:\n---- local cloud at " + FailingExample.endpoint)
                .contains("example-inbox: 1 / 0 / 0, first bodies:\n      left on the queue");
        assertThatThrownBy(() -> connect(FailingExample.endpoint)).as("the cloud of the finished run is stopped")
                .isInstanceOf(IOException.class);
    }

    private static void connect(URI endpoint) throws IOException {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(1000);
        }
    }

    /** Not run by the build on its own (a nested class): the test kit above runs it. */
    @LocalCloudTest(project = LocalCloudTest.NO_PROJECT)
    static class FailingExample {

        static volatile URI endpoint;

        @Test
        void failsWithAMessageOnAQueue(TestCloud cloud) {
            endpoint = cloud.endpoint();
            cloud.sqs().createQueue(r -> r.queueName("example-inbox"));
            cloud.sendMessage("example-inbox", "left on the queue");
            throw new AssertionError("the example fails on purpose");
        }
    }
}
