package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.infra.app.SluiceApp;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandTest {

    private final String sluiceHome = System.getProperty("sluice.home");

    /** Tests that point the CLI at a copy of the repository set sluice.home; put back what was there. */
    @AfterEach
    void restoreSluiceHome() {
        if (sluiceHome == null) {
            System.clearProperty("sluice.home");
        } else {
            System.setProperty("sluice.home", sluiceHome);
        }
    }

    @TempDir
    Path dir;

    @Test
    void upHelpShowsTheOptions() {
        CliRun run = CliRun.inProcess("local", "up", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Start the local cloud", "--port", "--template", "--cdk-out", "--no-deploy",
                "--demo", "--rate", "--region");
    }

    @Test
    void rateOutOfRangeIsAUsageError() {
        CliRun run = CliRun.inProcess("local", "up", "--demo", "--rate", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).contains("--rate", "between 1 and 1000", "given 0");
    }

    @Test
    void templateAndCdkOutExcludeEachOther() throws Exception {
        Path template = Files.writeString(dir.resolve("t.yaml"), "Resources: {}\n");

        CliRun run = CliRun.inProcess("local", "up", "--template", template.toString(), "--cdk-out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).contains("--template", "--cdk-out");
    }

    @Test
    void missingTemplateFileIsNamed() {
        CliRun run = CliRun.inProcess("local", "up", "--template", dir.resolve("nope.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).contains("nope.yaml", "no such file");
    }

    @Test
    void upDeploysATemplateAndPrintsWhatItCreated() throws Exception {
        Path template = Files.writeString(dir.resolve("orders.yaml"), """
                Resources:
                  Dlq: {Type: AWS::SQS::Queue, Properties: {QueueName: up-test-dlq}}
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: up-test
                      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 3}
                  Bus: {Type: AWS::Events::EventBus, Properties: {Name: orders}}
                  Rule:
                    Type: AWS::Events::Rule
                    Properties:
                      EventBusName: !Ref Bus
                      EventPattern: {source: [shop.orders]}
                      Targets: [{Id: q, Arn: !GetAtt Queue.Arn}]
                  Role: {Type: AWS::IAM::Role}
                Outputs:
                  Url: {Value: !Ref Queue}
                """);
        System.setProperty("sluice.home", dir.toString());
        CliRun run = CliRun.inProcess("local", "up", "--port", "0", "--template", template.toString(),
                "--exit-when-ready");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Local cloud at http://127.0.0.1:", "ready in ");
        assertThat(run.outLines()).anyMatch(l -> l.contains("Queue") && l.contains("AWS::SQS::Queue")
                && l.contains("created") && l.contains("/000000000000/up-test"));
        assertThat(run.outLines()).anyMatch(l -> l.contains("Role") && l.contains("not enforced"));
        assertThat(run.out()).contains("output orders.Url = http://127.0.0.1:");
        assertThat(dir.resolve(".sluice/local")).isDirectory();
    }

    /** The main job without options: synthesize the example app, deploy it, print the endpoint and the table. */
    @Test
    void upSynthesizesAndDeploysTheExampleApp() throws Exception {
        Path zip = SluiceApp.home().resolve("functions/target/function.zip");
        assertThat(zip).as("the example's function.zip: build it with ./mvnw -B -q -pl functions package -DskipTests")
                .isRegularFile();
        Files.copy(zip, Files.createDirectories(dir.resolve("functions/target")).resolve("function.zip"));
        System.setProperty("sluice.home", dir.toString());
        CliRun run = CliRun.inProcess("local", "up", "--port", "0", "--exit-when-ready");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Synthesizing the CDK app into " + dir.resolve("cdk.out"),
                "Local cloud at http://127.0.0.1:", "ready in ", "stopping (--exit-when-ready)");
        for (String function : List.of("fulfillOrder", "reviewOrder", "notifyCustomer")) {
            assertThat(run.outLines()).as(function).anyMatch(l -> l.contains("AWS::Lambda::Function")
                    && l.contains("created") && l.contains(function));
        }
        assertThat(run.outLines()).filteredOn(l -> l.contains("AWS::Lambda::EventSourceMapping")
                && l.contains("created")).hasSize(2);
        for (String queue : List.of("fulfillment", "notifications", "outbox")) {
            assertThat(run.outLines()).as(queue).anyMatch(l -> l.contains("AWS::SQS::Queue") && l.contains("created")
                    && l.matches(".*/000000000000/" + queue + "\\s*"));
        }
        assertThat(run.outLines()).anyMatch(l -> l.contains("AWS::Events::EventBus") && l.contains("orders"));
        assertThat(run.outLines()).filteredOn(l -> l.contains("AWS::Events::Rule") && l.contains("created"))
                .hasSize(3);
        assertThat(run.outLines()).anyMatch(l -> l.contains("AWS::IAM::Role") && l.contains("not enforced"));
        assertThat(dir.resolve("cdk.out/manifest.json")).isRegularFile();
    }

    @Test
    void demoOrdersCoverEveryOutcome() {
        Map<LocalDemo.Kind, Integer> kinds = new EnumMap<>(LocalDemo.Kind.class);
        for (long n = 0; n < 20; n++) {
            kinds.merge(LocalDemo.kind(n), 1, Integer::sum);
        }

        assertThat(kinds).containsEntry(LocalDemo.Kind.VALID, 12).containsEntry(LocalDemo.Kind.WRONG_TOTAL, 2)
                .containsEntry(LocalDemo.Kind.UNKNOWN_CURRENCY, 1).containsEntry(LocalDemo.Kind.OUT_OF_STOCK, 2)
                .containsEntry(LocalDemo.Kind.LARGE, 3);
    }

    @Test
    void demoOrderTotalsMatchTheirKind() {
        for (long n = 0; n < 40; n++) {
            Map<String, Object> order = LocalDemo.order(n);
            BigDecimal sum = BigDecimal.ZERO;
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> items = (List<Map<String, Object>>) order.get("items");
            for (Map<String, Object> item : items) {
                sum = sum.add(((BigDecimal) item.get("unitPrice")).multiply(BigDecimal.valueOf((int) item.get("quantity"))));
            }
            BigDecimal total = (BigDecimal) order.get("total");
            switch (LocalDemo.kind(n)) {
                case WRONG_TOTAL -> assertThat(total).isNotEqualByComparingTo(sum);
                case LARGE -> assertThat(total).isEqualByComparingTo(sum).isGreaterThan(new BigDecimal("1000"));
                case UNKNOWN_CURRENCY -> assertThat(order.get("currency")).isEqualTo("XYZ");
                case OUT_OF_STOCK -> assertThat(items.get(0).get("sku")).isIn("SKU-2", "SKU-404");
                default -> {
                    assertThat(total).isEqualByComparingTo(sum).isLessThan(new BigDecimal("1000"));
                    assertThat(order.get("currency")).isIn("USD", "EUR", "GBP");
                }
            }
            assertThat(order).containsKeys("orderId", "customerId");
        }
    }

    @Test
    void outboxEventTypeIsReadFromTheBody() {
        assertThat(LocalDemo.eventType("{\"orderId\":\"o\",\"eventType\":\"OrderFlagged\"}")).isEqualTo("OrderFlagged");
        assertThat(LocalDemo.eventType("not json")).isEqualTo("unreadable");
        assertThat(LocalDemo.eventType("{}")).isEqualTo("unknown");
    }
}
