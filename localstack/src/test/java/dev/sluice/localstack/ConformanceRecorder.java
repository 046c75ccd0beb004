package dev.sluice.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one {@link ConformanceCase} on one target and writes its result to {@code target/conformance/<target>/<id>.json}:
 * {@code pass}, {@code fail} (with the first line of the failure) or {@code n/a} (a case that needs a Lambda function,
 * on a target that cannot run one: recorded for the doc's row, with no test). A failure on a target whose failures are
 * only recorded (LocalStack) does not fail the test.
 */
final class ConformanceRecorder {

    static final Path RESULTS = Path.of("target", "conformance");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConformanceRecorder() {
    }

    /** Whether {@code conformance} can run on {@code target}: not when it needs a function the target cannot run. */
    static boolean applies(ConformanceCase conformance, ConformanceTarget target) {
        return target.runsFunctions() || !conformance.needsLambda();
    }

    /** Records a case that does not apply to {@code target}, so that the doc's row says n/a; nothing runs. */
    static void notApplicable(ConformanceCase conformance, ConformanceTarget target) throws IOException {
        write(target, conformance, "n/a", "needs Lambda");
    }

    static void run(ConformanceCase conformance, ConformanceCases suite) throws Throwable {
        ConformanceTarget target = suite.target();
        try {
            conformance.check().run(suite);
        } catch (Throwable failure) {
            write(target, conformance, "fail", firstLine(failure));
            if (target.failuresFailTheBuild()) {
                throw failure;
            }
            System.out.println("[conformance] " + target.name() + " " + conformance.id() + ": fail (recorded): "
                    + firstLine(failure));
            return;
        }
        write(target, conformance, "pass", "");
    }

    private static void write(ConformanceTarget target, ConformanceCase conformance, String result, String detail)
            throws IOException {
        ObjectNode json = JSON.createObjectNode()
                .put("id", conformance.id())
                .put("title", conformance.title())
                .put("aws", conformance.aws())
                .put("says", conformance.says())
                .put("target", target.name())
                .put("result", result)
                .put("detail", detail);
        Path file = RESULTS.resolve(target.name()).resolve(conformance.id() + ".json");
        Files.createDirectories(file.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
    }

    private static String firstLine(Throwable failure) {
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            message = trace.toString();
        }
        String line = message.strip().lines().filter(l -> !l.isBlank()).findFirst().orElse(failure.toString());
        int sdkDetails = line.indexOf(" (Service: "); // request ids change from run to run
        line = sdkDetails > 0 ? line.substring(0, sdkDetails) : line;
        return failure.getClass().getSimpleName() + ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }
}
