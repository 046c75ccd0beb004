package dev.sluice.local.scaling;

import dev.sluice.local.lambda.eventsource.ProvisionedPollers;

/**
 * Lambda's provisioned mode for an SQS event source mapping (one with {@code ProvisionedPollerConfig}), as AWS states
 * it: "Each poller can handle up to 1 MB/sec of throughput and 10 concurrent invokes" with MinimumPollers 2-200 and
 * MaximumPollers 2-2,000 (Lambda developer guide, "Lambda parameters for Amazon SQS event source mappings",
 * services-sqs-parameters.html; the API reference now allows MaximumPollers up to 10,000 for SQS); "These event
 * pollers can auto scale up to 1000 per concurrent executions per minute ... and provide up to 20,000 concurrency"
 * (AWS News Blog, "AWS Lambda enhances event processing with provisioned mode for SQS event-source mapping");
 * MinimumPollers is "the minimum number of event pollers this event source can scale down to" (API reference,
 * ProvisionedPollerConfig).
 *
 * <p>So, in concurrent batches: it starts at MinimumPollers x 10 (the pollers are dedicated and always ready), adds up
 * to 1,000 a minute while messages are still available, and stops at MaximumPollers x 10 (at most 20,000); it scales
 * back to MinimumPollers x 10. {@link AwsRamp#step} applies these {@link AwsRamp.Limits}; what runs locally is still
 * bounded by the local cap.
 */
public final class AwsProvisionedMode {

    /** Concurrent invokes one event poller carries. */
    public static final int INVOKES_PER_POLLER = 10;
    /** Concurrent invokes added per minute at most. */
    public static final int PER_MINUTE = 1000;
    /** Most concurrent invokes of one mapping in provisioned mode. */
    public static final int CEILING = 20_000;

    private AwsProvisionedMode() {
    }

    /** The limits of a mapping with these pollers. */
    public static AwsRamp.Limits limits(ProvisionedPollers pollers) {
        int cap = Math.min(CEILING, Math.max(1, pollers.maximumPollers()) * INVOKES_PER_POLLER);
        int start = Math.min(cap, Math.max(1, pollers.minimumPollers()) * INVOKES_PER_POLLER);
        return new AwsRamp.Limits(start, cap, PER_MINUTE);
    }

    /** Event pollers that carry {@code concurrency} invokes: at least MinimumPollers. */
    public static int pollers(int concurrency, ProvisionedPollers pollers) {
        int needed = (concurrency + INVOKES_PER_POLLER - 1) / INVOKES_PER_POLLER;
        return Math.max(pollers.minimumPollers(), needed);
    }

    /**
     * The limits of a mapping: provisioned mode when it has {@code ProvisionedPollerConfig} ({@code pollers}), else
     * standard mode with its MaximumConcurrency (the two exclude each other).
     */
    public static AwsRamp.Limits limits(ProvisionedPollers pollers, Integer maximumConcurrency) {
        return pollers != null ? limits(pollers) : AwsRamp.standard(maximumConcurrency);
    }
}
