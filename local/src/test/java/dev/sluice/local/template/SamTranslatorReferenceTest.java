package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.template.sam.SamTransform;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java SAM transform against aws-sam-translator's own output, on real SAM templates: AWS serverless-patterns and
 * Powertools examples, and inputs of aws-sam-translator's own test suite (each file names its source). For every
 * resource the transform emits, SAM emits one with the same logical id and type; for the types the local cloud
 * creates, the properties and resource attributes are the same (roles: trust policy and managed policies, since
 * IAM is not enforced and policy templates are kept as written); SAM's resources of those types all appear; outputs
 * and conditions are the same.
 */
class SamTranslatorReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FOLDER = "/dev/sluice/local/template/sam/reference";
    /** Types the local cloud creates or accepts: their properties must be SAM's. */
    private static final Set<String> COMPARED = Set.of("AWS::Lambda::Function", "AWS::Lambda::EventSourceMapping",
            "AWS::Events::Rule", "AWS::Lambda::Permission", "AWS::Lambda::EventInvokeConfig", "AWS::Lambda::Version",
            "AWS::Lambda::Alias", "AWS::SQS::Queue", "AWS::SQS::QueuePolicy", "AWS::IAM::Role",
            "AWS::Scheduler::Schedule", "AWS::Events::EventBus");

    /** aws-sam-translator's output for each template, by file name (one run of the translator for all). */
    private static final Map<String, JsonNode> REFERENCE = new LinkedHashMap<>();

    @BeforeAll
    static void translateAll() throws Exception {
        List<String> names = templates().toList();
        List<Map<String, Object>> templates = new ArrayList<>();
        for (String name : names) {
            templates.add(read(name));
        }
        List<JsonNode> translated = SamTranslator.installed().transform(templates);
        for (int i = 0; i < names.size(); i++) {
            REFERENCE.put(names.get(i), translated.get(i));
        }
    }

    static Stream<String> templates() throws IOException, URISyntaxException {
        Path folder = Path.of(SamTranslatorReferenceTest.class.getResource(FOLDER).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList()
                    .stream();
        }
    }

    private static Map<String, Object> read(String name) throws URISyntaxException {
        return TemplateReader.read(Path.of(SamTranslatorReferenceTest.class.getResource(FOLDER + "/" + name).toURI()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void sameResourcesAsAwsSamTranslator(String name) throws Exception {
        Map<String, Object> template = read(name);

        JsonNode expected = REFERENCE.get(name);
        assertThat(expected.path("error").asText(null)).as("aws-sam-translator refused " + name).isNull();
        JsonNode actual = JSON.readTree(JSON.writeValueAsString(
                SamTransform.toCloudFormation(template, Map.of(), "us-east-1")));

        List<String> differences = differences(expected, actual);
        assertThat(differences).as("differences from aws-sam-translator " + SamTranslator.VERSION).isEmpty();
    }

    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> found = new ArrayList<>();
        JsonNode expectedResources = expected.path("Resources");
        JsonNode actualResources = actual.path("Resources");
        List<String> skippedPrefixes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = actualResources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String id = entry.getKey();
            JsonNode mine = entry.getValue();
            String type = mine.path("Type").asText();
            boolean skipped = mine.path("Metadata").has(SamTransform.SKIPPED);
            if (skipped) {
                skippedPrefixes.add(id);
            }
            if (type.startsWith("AWS::Serverless::")) {
                continue; // a SAM resource the local cloud does not emulate, kept as written
            }
            JsonNode theirs = expectedResources.get(id);
            if (theirs == null) {
                found.add(id + " (" + type + "): SAM generates no resource with this id");
                continue;
            }
            if (!type.equals(theirs.path("Type").asText())) {
                found.add(id + ": type " + type + ", SAM's is " + theirs.path("Type").asText());
                continue;
            }
            if (!COMPARED.contains(type) || skipped && !mine.has("Properties")) {
                continue; // not created locally (or listed as skipped): only its id and type matter
            }
            compare(id, type, theirs, mine, found);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = expectedResources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String type = entry.getValue().path("Type").asText();
            if (COMPARED.contains(type) && !actualResources.has(entry.getKey())
                    && skippedPrefixes.stream().noneMatch(entry.getKey()::startsWith)) {
                found.add(entry.getKey() + " (" + type + "): SAM generates it, the transform does not");
            }
        }
        if (!expected.path("Outputs").equals(actual.path("Outputs"))) {
            found.add("Outputs: " + actual.path("Outputs") + ", SAM's: " + expected.path("Outputs"));
        }
        if (!expected.path("Conditions").equals(actual.path("Conditions"))) {
            found.add("Conditions: " + actual.path("Conditions") + ", SAM's: " + expected.path("Conditions"));
        }
        return found;
    }

    private static void compare(String id, String type, JsonNode theirs, JsonNode mine, List<String> found) {
        JsonNode expectedProperties = theirs.path("Properties");
        JsonNode actualProperties = mine.path("Properties");
        if (type.equals("AWS::IAM::Role")) {
            for (String property : List.of("AssumeRolePolicyDocument", "ManagedPolicyArns", "Path",
                    "PermissionsBoundary")) {
                if (!expectedProperties.path(property).equals(actualProperties.path(property))) {
                    found.add(id + "." + property + ": " + actualProperties.path(property) + ", SAM's: "
                            + expectedProperties.path(property));
                }
            }
        } else if (!expectedProperties.equals(actualProperties)) {
            for (Iterator<String> names = union(expectedProperties, actualProperties); names.hasNext(); ) {
                String property = names.next();
                if (!expectedProperties.path(property).equals(actualProperties.path(property))) {
                    found.add(id + "." + property + ": " + actualProperties.path(property) + ", SAM's: "
                            + expectedProperties.path(property));
                }
            }
        }
        for (String attribute : List.of("Condition", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy",
                "UpdatePolicy", "Metadata")) {
            JsonNode actualAttribute = mine.path(attribute);
            if (attribute.equals("Metadata") && actualAttribute instanceof ObjectNode metadata) {
                actualAttribute = metadata.deepCopy().without(SamTransform.SKIPPED);
                if (actualAttribute.isEmpty()) {
                    actualAttribute = mine.path("NoSuchAttribute");
                }
            }
            if (!theirs.path(attribute).equals(actualAttribute)) {
                found.add(id + " attribute " + attribute + ": " + actualAttribute + ", SAM's: "
                        + theirs.path(attribute));
            }
        }
    }

    private static Iterator<String> union(JsonNode a, JsonNode b) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        return names.iterator();
    }
}
