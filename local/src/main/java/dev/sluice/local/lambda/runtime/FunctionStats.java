package dev.sluice.local.lambda.runtime;

/**
 * Counters of one function since it was created, over every way it is invoked (Invoke, asynchronous events, event
 * source mappings).
 *
 * @param invocations invocations that reached an environment
 * @param errors      those that ended in an error (function error, timeout, crash, init failure)
 * @param throttles   invocations refused for lack of an environment (reserved concurrency)
 */
public record FunctionStats(long invocations, long errors, long throttles) {
}
