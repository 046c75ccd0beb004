package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.core.CloudContext;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IntrinsicResolverTest {

    private static final String TEMPLATE = """
            Parameters:
              Stage: {Type: String, Default: dev}
              Zones: {Type: CommaDelimitedList, Default: "a,b,c"}
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
              IsDev: !Equals [!Ref Stage, dev]
              DevOrProd: !Or [!Condition IsDev, !Condition IsProd]
              NotProd: !Not [!Condition IsProd]
            Mappings:
              Sizes: {dev: {Memory: 512}}
            Resources:
              Queue: {Type: AWS::SQS::Queue}
              Fn: {Type: AWS::Lambda::Function}
            """;

    private IntrinsicResolver resolver;

    @BeforeEach
    void deployQueueAndFunction() {
        Map<String, String> exports = new HashMap<>(Map.of("shared-bus-arn", "arn:aws:events:eu-west-1:000000000000:event-bus/shared"));
        StackScope scope = new StackScope("shop", CloudContext.local(URI.create("http://127.0.0.1:4566"), "eu-west-1"),
                TemplateReader.parse(TEMPLATE), Map.of(), exports);
        scope.putDeployed("Queue", new StackScope.Deployed("AWS::SQS::Queue", "http://127.0.0.1:4566/000000000000/q1",
                Map.of("Arn", "arn:aws:sqs:eu-west-1:000000000000:q1", "QueueName", "q1"), false));
        scope.putDeployed("Fn", new StackScope.Deployed("AWS::Lambda::Function", "fn1",
                Map.of("Arn", "arn:aws:lambda:eu-west-1:000000000000:function:fn1"), false));
        resolver = new IntrinsicResolver(scope);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("Ref resource", "!Ref Queue", "http://127.0.0.1:4566/000000000000/q1"),
                Arguments.of("Ref parameter default", "!Ref Stage", "dev"),
                Arguments.of("Ref list parameter", "!Ref Zones", List.of("a", "b", "c")),
                Arguments.of("Ref AWS::Region", "!Ref AWS::Region", "eu-west-1"),
                Arguments.of("Ref AWS::AccountId", "!Ref AWS::AccountId", "000000000000"),
                Arguments.of("Ref AWS::Partition", "!Ref AWS::Partition", "aws"),
                Arguments.of("Ref AWS::URLSuffix", "!Ref AWS::URLSuffix", "amazonaws.com"),
                Arguments.of("Ref AWS::StackName", "!Ref AWS::StackName", "shop"),
                Arguments.of("GetAtt short", "!GetAtt Queue.Arn", "arn:aws:sqs:eu-west-1:000000000000:q1"),
                Arguments.of("GetAtt long", "{Fn::GetAtt: [Queue, QueueName]}", "q1"),
                Arguments.of("Join", "!Join ['-', [a, !Ref Stage, !GetAtt Queue.QueueName]]", "a-dev-q1"),
                Arguments.of("Sub pseudo and attribute", "!Sub 'arn:${AWS::Partition}:x:${AWS::Region}:${Fn.Arn}'",
                        "arn:aws:x:eu-west-1:arn:aws:lambda:eu-west-1:000000000000:function:fn1"),
                Arguments.of("Sub ref and literal", "!Sub '${Stage}-${!Literal}'", "dev-${Literal}"),
                Arguments.of("Sub map form", "!Sub ['${Name}/${Stage}', {Name: !GetAtt Queue.QueueName}]", "q1/dev"),
                Arguments.of("Select", "!Select [1, [x, y, z]]", "y"),
                Arguments.of("Select of Split", "!Select [2, !Split [',', 'p,q,r']]", "r"),
                Arguments.of("Split", "!Split ['|', 'a|b']", List.of("a", "b")),
                Arguments.of("ImportValue", "!ImportValue shared-bus-arn",
                        "arn:aws:events:eu-west-1:000000000000:event-bus/shared"),
                Arguments.of("If true", "!If [IsDev, yes-dev, no-dev]", "yes-dev"),
                Arguments.of("If false", "!If [IsProd, yes-prod, no-prod]", "no-prod"),
                Arguments.of("If with Or condition", "!If [DevOrProd, 1, 2]", 1),
                Arguments.of("If with Not condition", "!If [NotProd, 1, 2]", 1),
                Arguments.of("NoValue drops a property", "{A: 1, B: !Ref AWS::NoValue}", Map.of("A", 1)),
                Arguments.of("NoValue drops a list element", "[x, !If [IsProd, y, !Ref AWS::NoValue]]", List.of("x")),
                Arguments.of("FindInMap", "!FindInMap [Sizes, !Ref Stage, Memory]", 512),
                Arguments.of("Base64", "!Base64 hi", "aGk="),
                Arguments.of("plain values unchanged", "{A: [1, true, text]}", Map.of("A", List.of(1, true, "text"))),
                Arguments.of("JSON long form", "{\"Fn::Join\": [\"\", [\"a\", {\"Ref\": \"Stage\"}]]}", "adev"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolves(String name, String expression, Object expected) {
        Object value = TemplateReader.parse("V: " + expression).get("V");

        assertThat(resolver.resolve(value, "V")).isEqualTo(expected);
    }

    @Test
    void refToAnUnknownNameIsNamedInTheError() {
        Object value = TemplateReader.parse("V: !Ref Nowhere").get("V");

        assertThatThrownBy(() -> resolver.resolve(value, "Resources.Rule.Properties.Arn"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Resources.Rule.Properties.Arn")
                .hasMessageContaining("Nowhere");
    }

    @Test
    void unknownAttributeListsTheKnownOnes() {
        Object value = TemplateReader.parse("V: !GetAtt Queue.Colour").get("V");

        assertThatThrownBy(() -> resolver.resolve(value, "V"))
                .hasMessageContaining("Queue").hasMessageContaining("Colour").hasMessageContaining("QueueName");
    }

    @Test
    void importOfAMissingExportNamesIt() {
        Object value = TemplateReader.parse("V: !ImportValue other-export").get("V");

        assertThatThrownBy(() -> resolver.resolve(value, "V")).hasMessageContaining("other-export");
    }

    @Test
    void selectOutOfRangeGivesTheSize() {
        Object value = TemplateReader.parse("V: !Select [3, [a, b]]").get("V");

        assertThatThrownBy(() -> resolver.resolve(value, "V")).hasMessageContaining("index 3")
                .hasMessageContaining("2 elements");
    }

    @Test
    void undeclaredConditionIsNamed() {
        Object value = TemplateReader.parse("V: !If [IsStaging, a, b]").get("V");

        assertThatThrownBy(() -> resolver.resolve(value, "V")).hasMessageContaining("IsStaging");
    }
}
