package dev.sluice.local.lambda.runtime;

import dev.sluice.local.edge.AwsError;
import dev.sluice.local.faults.Fault;
import dev.sluice.local.faults.FaultAction;
import dev.sluice.local.faults.Faults;
import dev.sluice.local.lambda.runtime.PlatformLines.Status;
import dev.sluice.local.logs.LogStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the faults declared with {@code sluice chaos} do to invocations, shaped as Lambda's own outcomes so that callers
 * react as they would on AWS: an error is a function error with its {@code errorType} (mappings fail the batch,
 * asynchronous invocations retry), a timeout is {@code Sandbox.Timedout} after the function's timeout, a throttle is 429
 * {@code TooManyRequestsException} (mappings fail the batch, asynchronous invocations retry without counting an
 * attempt). Delays and kills are applied by {@link LambdaFunction} and {@link ExecutionEnvironment} around the real
 * invocation. An invocation a fault answers (error, timeout) leaves its START, the fault, END and REPORT in the
 * function's log group, in a stream of its own ({@code [$LATEST]chaos}), so that {@code sluice logs} says why.
 */
final class InvocationFaults {

    private static final Logger LOG = LoggerFactory.getLogger(InvocationFaults.class);
    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final Supplier<Faults> faults;
    private final LogStore logs;

    /** @param faults the declared faults, asked on every invocation (null: none) */
    InvocationFaults(Supplier<Faults> faults, LogStore logs) {
        this.faults = faults;
        this.logs = logs;
    }

    /** The fault that changes this invocation of {@code function}, or null. */
    Fault next(String function) {
        Faults declared = faults.get();
        return declared == null ? null : declared.forInvocation(function);
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
    InvocationResult result(Fault fault, FunctionConfig config, String requestId) throws InterruptedException {
        long begun = System.nanoTime();
        LOG.debug("Fault {} answers invocation {} of {} ({})", fault.id(), requestId, config.name(), fault.action());
        InvocationResult result;
        String line;
        Status status;
        if (fault.kind() == FaultAction.ERROR) {
            result = InvocationResult.environmentError(fault.errorType(), Faults.message(fault));
            line = "RequestId: " + requestId + " Fault " + fault.id() + " (sluice chaos): " + fault.errorType() + ": "
                    + Faults.message(fault);
            status = Status.error(fault.errorType());
        } else {
            Thread.sleep(config.timeoutSeconds() * 1000L);
            result = InvocationResult.environmentError(PlatformLines.TIMED_OUT, "RequestId: " + requestId
                    + " Error: Task timed out after " + PlatformLines.seconds(config.timeoutSeconds()));
            line = PlatformLines.timedOut(Instant.now(), requestId, config.timeoutSeconds()) + " (fault " + fault.id()
                    + ", sluice chaos)";
            status = Status.TIMEOUT;
        }
        List<String> lines = List.of(PlatformLines.start(requestId), line, PlatformLines.end(requestId),
                PlatformLines.report(requestId, (System.nanoTime() - begun) / 1e6, config.memoryMb(),
                        OptionalInt.empty(), null, status));
        String tail = String.join("\n", lines) + "\n";
        write(config.name(), lines);
        return result.of(requestId, tail);
    }

    private void write(String function, List<String> lines) {
        if (logs == null) {
            return;
        }
        // short, so that sluice logs, which names a stream by the 8 characters after "]", shows "chaos"
        String stream = LocalDate.now(ZoneOffset.UTC).format(STREAM_DATE) + "/[$LATEST]chaos";
        try {
            for (String line : lines) {
                logs.append("/aws/lambda/" + function, stream, logs.now(), line);
            }
        } catch (RuntimeException e) {
            LOG.debug("Could not write the injected fault's lines to the log of {}: {}", function, e.toString());
        }
    }
}
