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
public final class ProvisionedConcurrencyProps {

    /** Keep one environment warm. */
    public static final int DEFAULT_MIN = 1;
    /**
     * Messages one instance may have waiting: AWS's worked example, an acceptable latency of 10 s
     * over 0.1 s of processing per message. Set it from your own numbers.
     */
    public static final int DEFAULT_TARGET_BACKLOG_PER_INSTANCE = 100;

    private final Number min;
    private final Number max;
    private final Number targetBacklogPerInstance;

    private ProvisionedConcurrencyProps(Builder b) {
        this.min = b.min;
        this.max = b.max;
        this.targetBacklogPerInstance = b.targetBacklogPerInstance;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fewest provisioned environments: 1-1,000, at most {@code max}; default 1. */
    public Number getMin() {
        return min;
    }

    /** Most provisioned environments: 1-1,000, at most the mapping's maxConcurrency; default maxConcurrency. */
    public Number getMax() {
        return max;
    }

    /** Target of the tracking policy: visible messages per provisioned instance, above 0; default 100. */
    public Number getTargetBacklogPerInstance() {
        return targetBacklogPerInstance;
    }

    /** Builder of {@link ProvisionedConcurrencyProps}. */
    public static final class Builder {
        private Number min;
        private Number max;
        private Number targetBacklogPerInstance;

        private Builder() {
        }

        public Builder min(Number min) {
            this.min = min;
            return this;
        }

        public Builder max(Number max) {
            this.max = max;
            return this;
        }

        public Builder targetBacklogPerInstance(Number targetBacklogPerInstance) {
            this.targetBacklogPerInstance = targetBacklogPerInstance;
            return this;
        }

        public ProvisionedConcurrencyProps build() {
            return new ProvisionedConcurrencyProps(this);
        }
    }
}
