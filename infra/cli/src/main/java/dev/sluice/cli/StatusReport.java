package dev.sluice.cli;

import dev.sluice.local.faults.Fault;
import dev.sluice.local.status.StatusSnapshot.Environments;
import dev.sluice.local.status.StatusSnapshot.LastError;
import dev.sluice.local.status.StatusSnapshot.MappingStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code sluice status} shows; the JSON form is this record as is ({@code queues}, {@code functions} and
 * {@code mappings}, and {@code faults} injected by the local cloud). Mappings have the local cloud's {@code /_sluice/status} shape; against AWS or LocalStack their
 * environments, rates and decisions are null.
 */
record StatusReport(List<QueueRow> queues, List<FunctionRow> functions, List<MappingStatus> mappings,
                    List<Fault> faults) {

    StatusReport {
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

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

    /**
     * One function. {@code errors} and {@code lastError} come from the local cloud's status (null elsewhere: AWS keeps
     * them in CloudWatch metrics and logs).
     */
    record FunctionRow(String name, String state, String lastUpdateStatus, String runtime, Long errors,
                       LastError lastError) {

        FunctionRow withErrors(Long errors, LastError lastError) {
            return new FunctionRow(name, state, lastUpdateStatus, runtime, errors, lastError);
        }
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
        if (!faults.isEmpty()) {
            FaultTable.print(faults, out); // before the functions, whose errors they may explain
            out.println();
        }
        if (functions.isEmpty()) {
            out.println("No functions.");
            return;
        }
        boolean local = functions.stream().anyMatch(f -> f.errors() != null);
        TextTable functionTable = local
                ? new TextTable("FUNCTION", "STATE", "LAST UPDATE", "RUNTIME", "ERRORS", "LAST ERROR")
                : new TextTable("FUNCTION", "STATE", "LAST UPDATE", "RUNTIME");
        for (FunctionRow f : functions) {
            if (local) {
                functionTable.row(f.name(), f.state(), f.lastUpdateStatus(), f.runtime(), f.errors(),
                        describe(f.lastError()));
            } else {
                functionTable.row(f.name(), f.state(), f.lastUpdateStatus(), f.runtime());
            }
        }
        functionTable.print(out);
    }

    /** {@code Sandbox.Timedout at 10:04:05: RequestId: ... Error: Task timed out after 3.00 seconds}, cut to fit. */
    static String describe(LastError error) {
        if (error == null) {
            return null;
        }
        String at = error.at() == null ? "" : " at " + error.at().replaceFirst("^.*T", "").replaceFirst("\\.\\d+Z$", "Z");
        String text = error.type() + at + ": " + error.message();
        return text.length() <= 100 ? text : text.substring(0, 97) + "...";
    }

    private void printMappings(PrintWriter out) {
        TextTable table = new TextTable("FUNCTION", "QUEUE", "VISIBLE", "IN FLIGHT", "DLQ DEPTH", "RUNNING",
                "DESIRED", "POLLERS", "INVOKES/S", "ERRORS", "THROTTLED", "AWS DRAIN", "LAST DECISION");
        for (MappingStatus m : mappings) {
            Environments environments = m.environments();
            table.row(m.functionName(), m.queue(), m.visible(), m.inFlight(), m.deadLetterDepth(),
                    environments == null ? null : environments.running(),
                    desired(m), m.concurrency(),
                    m.invocationsPerSecond() == null ? null : String.format(java.util.Locale.ROOT, "%.1f", m.invocationsPerSecond()),
                    m.errors(), m.throttledBatches(), drain(m.awsDrainSeconds()),
                    m.decision() == null ? null : m.decision().reason());
        }
        table.print(out);
        for (MappingStatus m : mappings) {
            if (m.concurrencyWarning() != null) {
                out.println("warning: " + m.concurrencyWarning());
            }
        }
    }

    /** The environments wanted locally, and under the aws profile the batches AWS would run: {@code 10 (AWS 305)}. */
    private static String desired(MappingStatus m) {
        Integer local = m.environments() == null ? null : m.environments().desired();
        if (local == null) {
            return null;
        }
        return m.awsConcurrency() == null ? local.toString() : local + " (AWS " + m.awsConcurrency() + ")";
    }

    /** The AWS drain projection as people read it: {@code 0s}, {@code 42s}, {@code 3m05s}, {@code 2h10m}. */
    static String drain(Double seconds) {
        if (seconds == null) {
            return null;
        }
        long s = (long) Math.ceil(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
