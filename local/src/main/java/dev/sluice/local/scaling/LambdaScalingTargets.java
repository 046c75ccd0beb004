package dev.sluice.local.scaling;

import dev.sluice.local.core.Arn;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.eventsource.EventSourceMappingStats;
import dev.sluice.local.lambda.eventsource.ProvisionedPollers;
import dev.sluice.local.lambda.runtime.FunctionEnvironments;
import dev.sluice.local.lambda.LambdaService;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;

/** The local Lambda service's event source mappings as {@link ScalingTarget}s; read afresh on every call. */
public final class LambdaScalingTargets implements Supplier<List<ScalingTarget>> {

    private final LambdaService lambda;

    public LambdaScalingTargets(LambdaService lambda) {
        this.lambda = Objects.requireNonNull(lambda, "lambda");
    }

    @Override
    public List<ScalingTarget> get() {
        List<ScalingTarget> targets = new ArrayList<>();
        for (EventSourceMapping mapping : lambda.eventSourceMappings()) {
            String functionName = Arn.functionName(mapping.functionArn());
            try {
                targets.add(new Target(mapping, functionName, lambda.environments(functionName)));
            } catch (NoSuchElementException functionDeleted) {
                // its mappings go with it
            }
        }
        return targets;
    }

    private record Target(EventSourceMapping mapping, String functionName, FunctionEnvironments environments)
            implements ScalingTarget {

        @Override
        public String uuid() {
            return mapping.uuid();
        }

        @Override
        public String queueUrl() {
            return mapping.queueUrl();
        }

        @Override
        public Integer maximumConcurrency() {
            return mapping.maximumConcurrency();
        }

        @Override
        public ProvisionedPollers provisionedPollers() {
            return mapping.config().provisionedPollers();
        }

        @Override
        public int batchSize() {
            return mapping.config().batchSize();
        }

        @Override
        public boolean enabled() {
            return mapping.enabled();
        }

        @Override
        public int pollers() {
            return mapping.concurrency();
        }

        @Override
        public void setPollers(int count) {
            mapping.setConcurrency(count);
        }

        @Override
        public EventSourceMappingStats stats() {
            return mapping.stats();
        }

        @Override
        public int running() {
            return environments.running();
        }

        @Override
        public int busy() {
            return environments.busy();
        }

        @Override
        public void setWarm(int count) {
            if (environments.minimumWarm() != count) {
                environments.setMinimumWarm(count);
            }
            environments.retireIdleAbove(count);
        }
    }
}
