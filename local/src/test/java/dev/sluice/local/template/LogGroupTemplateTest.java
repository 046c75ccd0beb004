package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/** {@code AWS::Logs::LogGroup} becomes a log group of the local CloudWatch Logs; its retention is recorded only. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogGroupTemplateTest {

    private static final String TEMPLATE = """
            Resources:
              Named:
                Type: AWS::Logs::LogGroup
                Properties:
                  LogGroupName: /aws/lambda/shipOrder
                  RetentionInDays: 14
              Unnamed:
                Type: AWS::Logs::LogGroup
            Outputs:
              NamedArn:
                Value: !GetAtt Named.Arn
              UnnamedName:
                Value: !Ref Unnamed
            """;

    private LocalCloud cloud;

    @BeforeAll
    void start(@TempDir Path work) {
        cloud = LocalCloud.builder().port(0).workDir(work).autoscaling(false).build().start();
    }

    @AfterAll
    void stop() {
        cloud.close();
    }

    @Test
    void logGroupsAreCreatedAndFoundAgainOnRedeployment(@TempDir Path dir) {
        DeployResult first;
        DeployResult again;
        try (TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), "us-east-1", line -> { })) {
            first = deployer.deploy(TEMPLATE, dir, "shop", Map.of());
            again = deployer.deploy(TEMPLATE, dir, "shop", Map.of());
        }

        assertThat(first.resource("Named").status()).isEqualTo(ResourceStatus.CREATED);
        assertThat(first.resource("Named").detail()).contains("RetentionInDays 14 recorded, not enforced");
        assertThat(again.resource("Named").status()).isEqualTo(ResourceStatus.UPDATED);
        assertThat(first.outputs()).containsEntry("NamedArn",
                "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/shipOrder:*");
        assertThat(first.outputs().get("UnnamedName")).startsWith("shop-Unnamed-");
        try (CloudWatchLogsClient logs = LocalClients.create(CloudWatchLogsClient.builder(), cloud.endpoint(),
                "us-east-1")) {
            List<LogGroup> groups = logs.describeLogGroups().logGroups();
            assertThat(groups).extracting(LogGroup::logGroupName)
                    .contains("/aws/lambda/shipOrder", first.outputs().get("UnnamedName"));
            assertThat(groups).filteredOn(g -> g.logGroupName().equals("/aws/lambda/shipOrder"))
                    .singleElement().extracting(LogGroup::retentionInDays).isEqualTo(14);
        }
    }
}
