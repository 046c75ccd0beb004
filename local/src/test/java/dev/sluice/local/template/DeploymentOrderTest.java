package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.core.CloudContext;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentOrderTest {

    private static List<String> order(String yaml) {
        Map<String, Object> template = TemplateReader.parse(yaml);
        StackScope scope = new StackScope("s", CloudContext.local(URI.create("http://127.0.0.1:4566"), "us-east-1"), template,
                Map.of(), new HashMap<>());
        return DeploymentOrder.of(scope, StackScope.section(template, "Outputs"));
    }

    @Test
    void referencedResourcesComeFirst() {
        List<String> order = order("""
                Resources:
                  Mapping:
                    Type: AWS::Lambda::EventSourceMapping
                    Properties: {FunctionName: !Ref Fn, EventSourceArn: !GetAtt Queue.Arn}
                  Fn:
                    Type: AWS::Lambda::Function
                    DependsOn: Role
                    Properties: {Environment: {Variables: {BUS: !Sub '${Bus.Arn}'}}}
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties: {RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn}}
                  Dlq: {Type: AWS::SQS::Queue}
                  Role: {Type: AWS::IAM::Role}
                  Bus: {Type: AWS::Events::EventBus, Properties: {Name: orders}}
                """);

        assertThat(order).containsExactlyInAnyOrder("Mapping", "Fn", "Queue", "Dlq", "Role", "Bus");
        assertThat(order.indexOf("Role")).isLessThan(order.indexOf("Fn"));
        assertThat(order.indexOf("Bus")).isLessThan(order.indexOf("Fn"));
        assertThat(order.indexOf("Fn")).isLessThan(order.indexOf("Mapping"));
        assertThat(order.indexOf("Dlq")).isLessThan(order.indexOf("Queue"));
        assertThat(order.indexOf("Queue")).isLessThan(order.indexOf("Mapping"));
    }

    @Test
    void independentResourcesKeepTemplateOrder() {
        assertThat(order("""
                Resources:
                  C: {Type: AWS::SQS::Queue}
                  A: {Type: AWS::SQS::Queue}
                  B: {Type: AWS::SQS::Queue}
                """)).containsExactly("C", "A", "B");
    }

    @Test
    void subMapVariablesParametersAndPseudoParametersAreNotResources() {
        assertThat(order("""
                Parameters:
                  Stage: {Type: String, Default: dev}
                Resources:
                  A:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: !Sub ['${Prefix}-${Stage}-${AWS::Region}-${!Escaped}', {Prefix: x}]
                """)).containsExactly("A");
    }

    @Test
    void cycleIsRejectedNamingItsMembers() {
        assertThatThrownBy(() -> order("""
                Resources:
                  A: {Type: AWS::SQS::Queue, Properties: {RedrivePolicy: {deadLetterTargetArn: !GetAtt B.Arn}}}
                  B: {Type: AWS::SQS::Queue, Properties: {RedrivePolicy: {deadLetterTargetArn: !GetAtt C.Arn}}}
                  C: {Type: AWS::SQS::Queue, DependsOn: [A]}
                """))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("circular dependency")
                .hasMessageContaining("A -> B -> C -> A");
    }

    @Test
    void missingReferencesAreAllNamed() {
        assertThatThrownBy(() -> order("""
                Resources:
                  Rule:
                    Type: AWS::Events::Rule
                    Properties: {Targets: [{Id: t, Arn: !GetAtt MissingQueue.Arn}], EventBusName: !Ref MissingBus}
                  Fn: {Type: AWS::Lambda::Function, DependsOn: GhostRole}
                Outputs:
                  Url: {Value: !Sub '${Phantom}'}
                """))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("Rule -> [MissingQueue, MissingBus]")
                .hasMessageContaining("Fn -> [GhostRole]")
                .hasMessageContaining("Outputs.Url -> [Phantom]");
    }

    @Test
    void parameterWithoutDefaultOrValueIsNamed() {
        assertThatThrownBy(() -> order("""
                Parameters:
                  Token: {Type: String}
                Resources:
                  A: {Type: AWS::SQS::Queue}
                """)).hasMessageContaining("parameter Token");
    }
}
