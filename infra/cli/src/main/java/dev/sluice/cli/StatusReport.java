package dev.sluice.cli;

import dev.sluice.local.status.StatusSnapshot.Environments;
import dev.sluice.local.status.StatusSnapshot.MappingStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code sluice status} shows; the JSON form is this record as is ({@code queues}, {@code functions} and
 * {@code mappings}). Mappings have the local cloud's {@code /_sluice/status} shape; against AWS or LocalStack their
 * environments, rates and decisions are null.
 */
record StatusReport(List<QueueRow> queues, List<FunctionRow> functions, List<MappingStatus> mappings) {

    /**
     * One queue. The counts are SQS's approximate ones; {@code deadLetterDepth} counts every message in the
     * queue named by the redrive policy (visible, in flight and delayed). Null where unknown.
     */
    record QueueRow(String name, boolean exists, String url, Integer visible, Integer inFlight, Integer delayed,
                    String deadLetterQueue, Integer deadLetterDepth) {

        static QueueRow missing(String name) {
            return new QueueRow(name, false, null, null, null, null, null, null);
        }
    }

    record FunctionRow(String name, String state, String lastUpdateStatus, String runtime) {
    }

    void printTable(PrintWriter out) {
        TextTable queueTable = new TextTable("QUEUE", "VISIBLE", "IN FLIGHT", "DELAYED", "DLQ", "DLQ DEPTH");
        List<String> missing = new ArrayList<>();
        for (QueueRow q : queues) {
            if (q.exists()) {
                queueTable.row(q.name(), q.visible(), q.inFlight(), q.delayed(), q.deadLetterQueue(), q.deadLetterDepth());
            } else {
                missing.add(q.name());
            }
        }
        queueTable.print(out);
        if (!missing.isEmpty()) {
            out.println("Not found: " + String.join(", ", missing));
        }
        out.println();
        if (!mappings.isEmpty()) {
            printMappings(out);
            out.println();
        }
        if (functions.isEmpty()) {
            out.println("No functions.");
            return;
        }
        TextTable functionTable = new TextTable("FUNCTION", "STATE", "LAST UPDATE", "RUNTIME");
        for (FunctionRow f : functions) {
            functionTable.row(f.name(), f.state(), f.lastUpdateStatus(), f.runtime());
        }
        functionTable.print(out);
    }

    private void printMappings(PrintWriter out) {
        TextTable table = new TextTable("FUNCTION", "QUEUE", "VISIBLE", "IN FLIGHT", "DLQ DEPTH", "RUNNING",
                "DESIRED", "POLLERS", "INVOKES/S", "ERRORS", "LAST DECISION");
        for (MappingStatus m : mappings) {
            Environments environments = m.environments();
            table.row(m.functionName(), m.queue(), m.visible(), m.inFlight(), m.deadLetterDepth(),
                    environments == null ? null : environments.running(),
                    environments == null ? null : environments.desired(), m.concurrency(),
                    m.invocationsPerSecond() == null ? null : String.format(java.util.Locale.ROOT, "%.1f", m.invocationsPerSecond()),
                    m.errors(), m.decision() == null ? null : m.decision().reason());
        }
        table.print(out);
    }
}
