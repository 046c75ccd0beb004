package dev.sluice.local.lambda.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What the functions' asynchronous invocations run on and hand their outcomes to, shared by every function of a
 * service.
 *
 * @param workers      runs the invocations
 * @param scheduler    schedules their retries
 * @param retryDelays  the delays between retries of failed invocations (AWS: 1 min, then 2 min)
 * @param destinations where results and dead letters go
 */
public record AsyncDelivery(ExecutorService workers, ScheduledExecutorService scheduler,
                            Supplier<List<Duration>> retryDelays, FunctionRuntime.Destinations destinations) {
}
