package dev.sluice.localstack;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints one line per skipped test class or method with JUnit's reason, e.g. the Docker tests where no Docker engine
 * runs: Surefire itself only counts skips. Registered in META-INF/services.
 */
public class SkippedTestsLog implements TestExecutionListener {

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        System.out.println("[SKIPPED] " + test.getDisplayName() + ": " + reason);
    }
}
