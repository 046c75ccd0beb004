package dev.sluice.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/**
 * {@link ConformanceCases} on LocalStack 4.14.0 in host mode ({@code localstack/host/start.sh}): the cases that need no
 * Lambda function. A failure is recorded in docs/CONFORMANCE.md, not a test failure: that column shows where LocalStack
 * differs from AWS.
 */
class LocalStackConformanceTest extends ConformanceCases {

    @Override
    ConformanceTarget startTarget(Path dir) throws Exception {
        HostLocalStack localStack = HostLocalStack.start();
        assertThat(localStack.version()).startsWith("4.14.0");
        return new ConformanceTarget("localstack", localStack.endpoint(), false, false, localStack);
    }
}
