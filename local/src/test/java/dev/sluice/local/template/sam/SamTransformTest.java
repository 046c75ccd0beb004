package dev.sluice.local.template.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.template.TemplateException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the reference test against aws-sam-translator does not cover: local-only behaviour and refusals. */
class SamTransformTest {

    @Test
    void appliesOnlyToTheSamTransform() {
        assertThat(SamTransform.applies(Map.of("Transform", SamTransform.TRANSFORM))).isTrue();
        assertThat(SamTransform.applies(Map.of("Transform", List.of(SamTransform.TRANSFORM)))).isTrue();
        assertThat(SamTransform.applies(Map.of("Resources", Map.of()))).isFalse();
    }

    @Test
    void otherTransformsAreRefused() {
        Map<String, Object> template = Map.of("Transform", List.of("AWS::LanguageExtensions", SamTransform.TRANSFORM),
                "Resources", Map.of());

        assertThatThrownBy(() -> SamTransform.toCloudFormation(template, Map.of(), "us-east-1"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("Transform AWS::LanguageExtensions is not supported locally (only " + SamTransform.TRANSFORM
                        + " is)");
    }

    @Test
    void globalsAreMergedAsSamMergesThem() {
        Globals globals = Globals.of(Map.of("Globals", Map.of("Function", Map.of(
                "Runtime", "java21", "Layers", List.of("a"), "Architectures", List.of("x86_64"),
                "Environment", Map.of("Variables", Map.of("A", "1", "B", "1"))))));

        Map<String, Object> merged = globals.merge("Fn", SamFunction.TYPE, Map.of("Runtime", "java17",
                "Layers", List.of("b"), "Architectures", List.of("arm64"),
                "Environment", Map.of("Variables", Map.of("B", "2"))), null);

        assertThat(merged).containsEntry("Runtime", "java17").containsEntry("Layers", List.of("a", "b"))
                .containsEntry("Architectures", List.of("arm64"))
                .containsEntry("Environment", Map.of("Variables", Map.of("A", "1", "B", "2")));
        assertThat(globals.merge("Fn", SamFunction.TYPE, Map.of(), List.of("Layers"))).doesNotContainKey("Layers");
        assertThat(globals.merge("Fn", SamFunction.TYPE, Map.of(), "*")).isEmpty();
    }

    @Test
    void unsupportedGlobalsAreRefusedAsSamRefusesThem() {
        assertThatThrownBy(() -> Globals.of(Map.of("Globals", Map.of("Function", Map.of("Events", Map.of())))))
                .hasMessageStartingWith("'Globals' section is invalid. 'Events' is not a supported property of"
                        + " 'Function'.");
    }

    @Test
    void otherSamResourcesAreKeptAndMarkedSkipped() {
        Map<String, Object> template = Map.of("Transform", SamTransform.TRANSFORM, "Resources", Map.of(
                "Table", Map.of("Type", "AWS::Serverless::SimpleTable", "Properties", Map.of())));

        Map<?, ?> table = (Map<?, ?>) ((Map<?, ?>) SamTransform.toCloudFormation(template, Map.of(), "us-east-1")
                .get("Resources")).get("Table");

        assertThat(table.get("Type")).isEqualTo("AWS::Serverless::SimpleTable");
        assertThat(table.get("Metadata")).isEqualTo(Map.of(SamTransform.SKIPPED, "DynamoDB is not emulated"));
    }
}
