package dev.sluice.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** What {@code sluice status} shows; the JSON form is this record as is ({@code queues} and {@code functions}). */
record StatusReport(List<QueueRow> queues, List<FunctionRow> functions) {

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
}
