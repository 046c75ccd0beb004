package dev.sluice.cli;

import dev.sluice.local.core.Arn;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBus;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionEventInvokeConfig;

/**
 * The queues that hold what failed, besides those a redrive policy names: a rule target's dead-letter queue, a
 * function's dead-letter queue and its asynchronous invocations' on-failure destination, when that is a queue.
 */
final class DeadLetterQueues {

    private DeadLetterQueues() {
    }

    /** Names of the queues rule targets and functions send their failures to. */
    static Set<String> ofTargetsAndFunctions(EventBridgeClient events, LambdaClient lambda) {
        Set<String> names = new TreeSet<>();
        for (EventBus bus : events.listEventBuses(b -> b.limit(100)).eventBuses()) {
            for (Rule rule : events.listRules(b -> b.eventBusName(bus.name()).limit(100)).rules()) {
                for (Target target : events.listTargetsByRule(b -> b.eventBusName(bus.name()).rule(rule.name()))
                        .targets()) {
                    if (target.deadLetterConfig() != null) {
                        addQueue(names, target.deadLetterConfig().arn());
                    }
                }
            }
        }
        for (FunctionConfiguration function : lambda.listFunctionsPaginator().functions()) {
            if (function.deadLetterConfig() != null) {
                addQueue(names, function.deadLetterConfig().targetArn());
            }
            for (FunctionEventInvokeConfig config : lambda.listFunctionEventInvokeConfigs(
                    b -> b.functionName(function.functionName())).functionEventInvokeConfigs()) {
                if (config.destinationConfig() != null && config.destinationConfig().onFailure() != null) {
                    addQueue(names, config.destinationConfig().onFailure().destination());
                }
            }
        }
        return names;
    }

    private static void addQueue(Set<String> names, String arn) {
        if (arn != null && Arn.isOf(arn, "sqs")) {
            names.add(Arn.nameOf(arn));
        }
    }
}
