package dev.sluice.local.lambda.eventsource;

/**
 * ProvisionedPollerConfig of an SQS mapping (provisioned mode): the fewest and most event pollers AWS keeps for it.
 * For SQS, MinimumPollers is 2-200 (default 2) and MaximumPollers 2-10,000 (default 200), and provisioned mode excludes
 * ScalingConfig.MaximumConcurrency ("These are mutually exclusive options", Lambda developer guide, "Configuring
 * scaling behavior for SQS event source mappings"). Locally, without the autoscaler, a mapping in provisioned mode runs
 * MinimumPollers concurrent batches: the pollers AWS keeps ready however low the traffic.
 */
public record ProvisionedPollers(int minimumPollers, int maximumPollers) {

    public static final int DEFAULT_MINIMUM = 2;
    public static final int DEFAULT_MAXIMUM = 200;
    /** The API's ranges (every event source type). */
    public static final int API_MAXIMUM_MINIMUM = 200;
    public static final int API_MAXIMUM_MAXIMUM = 10_000;
    /** SQS needs at least this many of either. */
    public static final int SQS_LEAST = 2;
}
