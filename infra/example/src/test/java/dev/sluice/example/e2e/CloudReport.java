package dev.sluice.example.e2e;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.runtime.FunctionEnvironments;
import java.util.List;

/** What a failed end-to-end run prints: where the messages are, what the mappings and functions did. */
final class CloudReport {

    private CloudReport() {
    }

    static void print(ConsoleTail console, LocalCloud cloud, LocalQueues queues, List<String> deployLog) {
        console.println("---- local cloud at failure ----");
        try {
            for (EventSourceMapping mapping : cloud.lambda().eventSourceMappings()) {
                console.println("mapping " + mapping.eventSourceArn() + " -> " + mapping.functionArn() + ": "
                        + mapping.stats());
            }
            for (String function : cloud.lambda().functionNames()) {
                FunctionEnvironments environments = cloud.lambda().environments(function);
                console.println("function " + function + ": running " + environments.running() + ", busy "
                        + environments.busy() + ", peak busy " + environments.peakBusy());
            }
            cloud.events().stats().forEach((target, stats) -> console.println("target " + target + ": " + stats));
            queues.depths().forEach(line -> console.println("queue " + line));
        } catch (RuntimeException e) {
            console.println("(could not read the cloud's state: " + e + ")");
        }
        console.println("---- deploy log ----");
        deployLog.forEach(console::println);
        console.println("---- last console lines (functions included) ----");
        console.last(120).forEach(console::println);
        console.println("---- end of report ----");
    }
}
