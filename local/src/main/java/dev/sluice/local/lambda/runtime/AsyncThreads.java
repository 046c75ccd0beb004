package dev.sluice.local.lambda.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What runs the functions' asynchronous invocations, shared by every function of a service.
 *
 * @param workers     runs the invocations
 * @param scheduler   schedules their retries
 * @param retryDelays the delays between retries of failed invocations (AWS: 1 min, then 2 min)
 */
public record AsyncThreads(ExecutorService workers, ScheduledExecutorService scheduler,
                           Supplier<List<Duration>> retryDelays) {
}
