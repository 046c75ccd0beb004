package dev.sluice.local.lambda.runtime;

import dev.sluice.local.edge.AwsError;
import dev.sluice.local.faults.Fault;
import dev.sluice.local.faults.FaultAction;
import dev.sluice.local.faults.Faults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fault declared with {@code sluice chaos} does to one invocation, shaped as Lambda's own outcomes so that
 * callers react as they would on AWS: an error is a function error with its {@code errorType} (mappings fail the batch,
 * asynchronous invocations retry), a timeout is {@code Sandbox.Timedout} after the function's timeout, a throttle is 429
 * {@code TooManyRequestsException} (mappings give the batch back, asynchronous invocations retry without counting an
 * attempt). Delays and kills are applied by {@link LambdaFunction} and {@link ExecutionEnvironment} around the real
 * invocation.
 */
final class InjectedFault {

    private static final Logger LOG = LoggerFactory.getLogger(InjectedFault.class);

    private InjectedFault() {
    }

    /** The refusal of a throttled invocation, as Lambda words it when the account's concurrency is used up. */
    static AwsError throttled(Fault fault) {
        LOG.debug("Fault {} throttles an invocation of {}", fault.id(), fault.function());
        return new AwsError(429, "TooManyRequestsException", "Rate Exceeded.")
                .withField("Reason", "ConcurrentInvocationLimitExceeded");
    }

    /** True when the fault answers the invocation without running it (an error, a timeout, a delay past the timeout). */
    static boolean replaces(Fault fault, FunctionConfig config) {
        FaultAction action = fault.kind();
        return action == FaultAction.ERROR || action == FaultAction.TIMEOUT
                || action == FaultAction.DELAY && fault.delayMillis() >= config.timeoutSeconds() * 1000L;
    }

    /**
     * The result of an invocation the fault replaces; a timeout (or a delay at least as long) waits out the function's
     * timeout first, as Lambda does.
     */
    static InvocationResult result(Fault fault, FunctionConfig config, String requestId) throws InterruptedException {
        LOG.debug("Fault {} answers invocation {} of {} ({})", fault.id(), requestId, config.name(), fault.action());
        if (fault.kind() == FaultAction.ERROR) {
            return InvocationResult.environmentError(fault.errorType(), Faults.message(fault)).of(requestId, "");
        }
        Thread.sleep(config.timeoutSeconds() * 1000L);
        return InvocationResult.environmentError(PlatformLines.TIMED_OUT, "RequestId: " + requestId
                + " Error: Task timed out after " + PlatformLines.seconds(config.timeoutSeconds())).of(requestId, "");
    }
}
