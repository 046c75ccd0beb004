package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateReaderTest {

    @Test
    void shortFormTagsBecomeLongForms() {
        Map<String, Object> t = TemplateReader.parse("""
                A: !Ref Queue
                B: !GetAtt Queue.Arn
                C: !Sub '${AWS::Region}-x'
                D: !Join [',', [a, b]]
                E: !ImportValue shared
                F: !Select [0, !Split [',', 'a,b']]
                G: !If [IsProd, 1, 2]
                H: !Equals [a, b]
                I: !GetAtt [Queue, QueueName]
                """);

        assertThat(t.get("A")).isEqualTo(Map.of("Ref", "Queue"));
        assertThat(t.get("B")).isEqualTo(Map.of("Fn::GetAtt", List.of("Queue", "Arn")));
        assertThat(t.get("C")).isEqualTo(Map.of("Fn::Sub", "${AWS::Region}-x"));
        assertThat(t.get("D")).isEqualTo(Map.of("Fn::Join", List.of(",", List.of("a", "b"))));
        assertThat(t.get("E")).isEqualTo(Map.of("Fn::ImportValue", "shared"));
        assertThat(t.get("F")).isEqualTo(Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of(",", "a,b")))));
        assertThat(t.get("G")).isEqualTo(Map.of("Fn::If", List.of("IsProd", 1, 2)));
        assertThat(t.get("H")).isEqualTo(Map.of("Fn::Equals", List.of("a", "b")));
        assertThat(t.get("I")).isEqualTo(Map.of("Fn::GetAtt", List.of("Queue", "QueueName")));
    }

    @Test
    void datesAndYesNoStayStrings() {
        Map<String, Object> t = TemplateReader.parse("""
                AWSTemplateFormatVersion: 2010-09-09
                Answer: yes
                Flag: true
                """);

        assertThat(t).containsEntry("AWSTemplateFormatVersion", "2010-09-09").containsEntry("Answer", "yes")
                .containsEntry("Flag", true);
    }

    @Test
    void jsonIsReadToo() {
        Map<String, Object> t = TemplateReader.parse("{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}");

        assertThat(t.get("Resources")).isEqualTo(Map.of("Q", Map.of("Type", "AWS::SQS::Queue")));
    }

    @Test
    void unknownTagIsReported() {
        assertThatThrownBy(() -> TemplateReader.parse("A: !Bogus x"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("!Bogus");
    }

    /** CloudFormation refuses a template whose logical ids (or any keys) repeat; a parser would keep the last one. */
    @Test
    void duplicateKeysAreAnErrorNamingTheKeyAndLine() {
        assertThatThrownBy(() -> TemplateReader.parse("""
                Resources:
                  Queue: {Type: AWS::SQS::Queue}
                  Topic: {Type: AWS::SNS::Topic}
                  Queue: {Type: AWS::SQS::Queue, Properties: {QueueName: b}}
                """)).isInstanceOf(TemplateException.class)
                .hasMessage("duplicate key 'Queue' at line 4 (a key may appear once per mapping)");
        assertThatThrownBy(() -> TemplateReader.parse("""

                {"Resources": {
                  "Queue": {"Type": "AWS::SQS::Queue"},
                  "Queue": {"Type": "AWS::SQS::Queue"}}}
                """)).isInstanceOf(TemplateException.class)
                .hasMessage("duplicate key 'Queue' at line 4 (a key may appear once per object)");
    }

    @Test
    void invalidUtf8NamesTheByte(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        byte[] latin1 = "Resources: {}\nDescription: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("t.yaml"), latin1);

        assertThatThrownBy(() -> TemplateReader.read(file)).isInstanceOf(TemplateException.class)
                .hasMessage(file + ": not UTF-8 at byte 30 (0xE9): save the template as UTF-8");
    }
}
