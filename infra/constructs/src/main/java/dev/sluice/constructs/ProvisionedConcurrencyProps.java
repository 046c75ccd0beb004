package dev.sluice.constructs;

/**
 * Provisioned concurrency for a {@link QueueFunction}, on the alias {@value QueueFunction#ALIAS_NAME}
 * that the event source mapping invokes, scaled by Application Auto Scaling between {@code min} and
 * {@code max} with target tracking on backlog per instance: the queue's
 * ApproximateNumberOfMessagesVisible divided by the alias's provisioned concurrency in use.
 *
 * <p>Provisioned environments are started before messages arrive, so a burst meets warm
 * environments; beyond them Lambda still scales on demand up to {@code maxConcurrency}.
 */
public record ProvisionedConcurrencyProps(Number min, Number max, Number targetBacklogPerInstance) {

    /** Keep one environment warm. */
    public static final int DEFAULT_MIN = 1;
    /**
     * Messages one instance may have waiting: AWS's worked example, an acceptable latency of 10 s
     * over 0.1 s of processing per message. Set it from your own numbers.
     */
    public static final int DEFAULT_TARGET_BACKLOG_PER_INSTANCE = 100;

    public static Builder builder() {
        return PropsBuilder.of(Builder.class, ProvisionedConcurrencyProps.class);
    }

    /** Builder of {@link ProvisionedConcurrencyProps}. */
    public interface Builder {
        /** Fewest provisioned environments: 1-1,000, at most {@code max}; default 1. */
        Builder min(Number min);

        /** Most provisioned environments: 1-1,000, at most the mapping's maxConcurrency; default maxConcurrency. */
        Builder max(Number max);

        /** Target of the tracking policy: visible messages per provisioned instance, above 0; default 100. */
        Builder targetBacklogPerInstance(Number targetBacklogPerInstance);

        ProvisionedConcurrencyProps build();
    }
}
