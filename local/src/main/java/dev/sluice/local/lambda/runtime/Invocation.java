package dev.sluice.local.lambda.runtime;

import java.util.concurrent.CompletableFuture;

/** One invocation waiting for, or being run by, an environment's runtime. */
final class Invocation {

    final String requestId;
    final byte[] payload;
    final long deadlineEpochMillis;
    final String traceId;
    final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
    /** Completed when the runtime fetched this invocation from /invocation/next: the timeout counts from here. */
    final CompletableFuture<Long> handedOut = new CompletableFuture<>();

    Invocation(String requestId, byte[] payload, long deadlineEpochMillis) {
        this.requestId = requestId;
        this.payload = payload;
        this.deadlineEpochMillis = deadlineEpochMillis;
        String hex = requestId.replace("-", "");
        this.traceId = "Root=1-" + Long.toHexString(deadlineEpochMillis / 1000) + "-" + hex.substring(0, 24)
                + ";Parent=" + hex.substring(16, 32) + ";Sampled=0";
    }
}
