package dev.sluice.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders {@code docs/CONFORMANCE.md} from the cases ({@link ConformanceCases#CASES}) and the
 * results the last run recorded under {@code target/conformance/}. {@link ConformanceCases} writes the rendering to
 * {@code target/conformance/CONFORMANCE.md} after each run, fails when the committed doc lacks a case that ran, and
 * replaces the committed doc when run with {@code -Dconformance.update=true}.
 */
final class ConformanceDoc {

    static final String DOC = "docs/CONFORMANCE.md";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConformanceDoc() {
    }

    /** Every case, ordered by id. */
    static List<ConformanceCase> cases() {
        List<ConformanceCase> cases = new ArrayList<>(ConformanceCases.CASES);
        cases.sort(Comparator.comparing(ConformanceCase::id));
        return cases;
    }

    /** The results recorded for {@code target} (id to result JSON). */
    static Map<String, JsonNode> results(Path results, String target) throws IOException {
        Map<String, JsonNode> byId = new HashMap<>();
        Path dir = results.resolve(target);
        if (!Files.isDirectory(dir)) {
            return byId;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode json = JSON.readTree(file.toFile());
                byId.put(json.path("id").asText(), json);
            }
        }
        return byId;
    }

    static String render(Path results) throws IOException {
        Map<String, JsonNode> sluice = results(results, "sluice");
        Map<String, JsonNode> localStack = results(results, "localstack");
        StringBuilder doc = new StringBuilder();
        doc.append("""
                # Conformance: AWS's documented behaviour, case by case

                Generated from the conformance suite (`localstack/src/test/java/dev/sluice/localstack/ConformanceCases.java`);
                do not edit by hand. Each case is one test that cites the AWS page and the sentence it checks, and runs
                through the AWS SDK for Java v2 against Sluice's local cloud (`SluiceConformanceTest`) and, when it needs
                no Lambda function, against LocalStack 4.14.0 in host mode (`LocalStackConformanceTest`; host mode cannot
                run functions: they need Docker there). A Sluice failure fails the build; a LocalStack failure is recorded
                here, with the first line of what went wrong.

                Regenerate (both classes in one run, then commit the doc):

                ```sh
                ./mvnw -B -ntp verify -pl localstack -am -Dsurefire.failIfNoSpecifiedTests=false \\
                    -Dtest='SluiceConformanceTest,LocalStackConformanceTest' -Dconformance.update=true
                ```

                Every run writes the rendering to `localstack/target/conformance/CONFORMANCE.md` and the results as JSON
                beside it; a run fails when this file lacks a case that ran.

                | case | AWS reference | Sluice | LocalStack 4.14.0 (host mode) |
                |---|---|---|---|
                """);
        int passed = 0;
        int ran = 0;
        int localStackPassed = 0;
        int localStackRan = 0;
        for (ConformanceCase conformance : cases()) {
            String sluiceCell = cell(sluice.get(conformance.id()), conformance, "sluice");
            String localStackCell = cell(localStack.get(conformance.id()), conformance, "localstack");
            if (sluice.containsKey(conformance.id())) {
                ran++;
                passed += sluiceCell.equals("pass") ? 1 : 0;
            }
            if (localStack.containsKey(conformance.id()) && !conformance.needsLambda()) {
                localStackRan++;
                localStackPassed += localStackCell.equals("pass") ? 1 : 0;
            }
            doc.append("| `").append(conformance.id()).append("`<br>").append(escape(conformance.title()))
                    .append(" | [").append(pageName(conformance.aws())).append("](").append(conformance.aws())
                    .append("): \"").append(escape(conformance.says())).append("\" | ").append(sluiceCell)
                    .append(" | ").append(localStackCell).append(" |\n");
        }
        doc.append("\nSluice: ").append(passed).append(" of ").append(ran).append(" cases pass. LocalStack 4.14.0 (host mode): ")
                .append(localStackPassed).append(" of ").append(localStackRan)
                .append(" cases that need no Lambda function pass.\n");
        return doc.toString();
    }

    private static String cell(JsonNode result, ConformanceCase conformance, String target) {
        if (result == null) {
            return conformance.needsLambda() && target.equals("localstack") ? "n/a (needs Lambda)" : "not run";
        }
        String outcome = result.path("result").asText();
        if (outcome.equals("n/a")) {
            return "n/a (needs Lambda)";
        }
        if (outcome.equals("fail")) {
            return "**fail**: " + escape(result.path("detail").asText());
        }
        return outcome;
    }

    private static String pageName(String url) {
        String path = url.replaceAll("[#?].*$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? url : last.replace(".html", "");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * Renders the doc from the results of the last run without running anything: {@code args[0]} the results folder
     * (default {@code localstack/target/conformance}), {@code args[1]} the doc (default {@code docs/CONFORMANCE.md}).
     */
    public static void main(String[] args) throws IOException {
        Path results = Path.of(args.length > 0 ? args[0] : "localstack/target/conformance");
        Path doc = Path.of(args.length > 1 ? args[1] : DOC);
        Files.writeString(doc, render(results));
        System.out.println("wrote " + doc + " from " + results);
    }

    /** The ids of {@code ran} that the committed doc has no row for. */
    static List<String> missingFrom(Path doc, List<String> ran) throws IOException {
        String text = Files.isRegularFile(doc) ? Files.readString(doc) : "";
        return ran.stream().filter(id -> !text.contains("| `" + id + "`")).toList();
    }
}
