package dev.sluice.cli;

import dev.sluice.local.faults.Fault;
import java.io.PrintWriter;
import java.util.List;

/** The faults of a local cloud as a table, for {@code sluice chaos list} and {@code sluice status}. */
final class FaultTable {

    private FaultTable() {
    }

    static void print(List<Fault> faults, PrintWriter out) {
        TextTable table = new TextTable("FAULT", "TARGET", "ACTION", "PROBABILITY", "SEED", "FIRED");
        for (Fault f : faults) {
            String target = f.function() != null ? "function " + f.function() : f.service() + " " + f.operation();
            String action = f.action() + (f.errorType() == null ? "" : " " + f.errorType())
                    + (f.status() == null ? "" : " (" + f.status() + ")")
                    + (f.delayMillis() == null ? "" : " " + f.delayMillis() + " ms");
            String fired = f.injected() == null ? null : f.injected() + " of " + f.matched();
            table.row(f.id(), target, action, f.probability(), f.seed(), fired);
        }
        table.print(out);
    }
}
