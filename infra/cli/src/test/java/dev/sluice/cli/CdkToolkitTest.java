package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The environment the CDK toolkit process gets, per target. */
class CdkToolkitTest {

    @Test
    void localstackDefaultsToPort4566WithDummyCredentials() {
        Map<String, String> env = CdkToolkit.environment(Target.localstack, options("--region", "eu-west-1"), Map.of());

        assertThat(env).containsEntry("AWS_ENDPOINT_URL", "http://localhost:4566")
                .containsEntry("AWS_ENDPOINT_URL_S3", "http://localhost:4566")
                .containsEntry("AWS_S3_FORCE_PATH_STYLE", "true")
                .containsEntry("EDGE_PORT", "4566")
                .containsEntry("LOCALSTACK_HOSTNAME", "localhost")
                .containsEntry("AWS_ACCESS_KEY_ID", "test")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "test")
                .containsEntry("AWS_REGION", "eu-west-1")
                .containsEntry("AWS_DEFAULT_REGION", "eu-west-1");
    }

    @Test
    void localstackEndpointFromTheOption() {
        Map<String, String> env = CdkToolkit.environment(Target.localstack,
                options("--endpoint-url", "http://stack.internal:4510"), Map.of());

        assertThat(env).containsEntry("AWS_ENDPOINT_URL", "http://stack.internal:4510")
                .containsEntry("AWS_ENDPOINT_URL_S3", "http://stack.internal:4510")
                .containsEntry("EDGE_PORT", "4510")
                .containsEntry("LOCALSTACK_HOSTNAME", "stack.internal");
    }

    @Test
    void userSettingsWinOverDummyOnes() {
        Map<String, String> env = CdkToolkit.environment(Target.localstack, options(),
                Map.of("AWS_PROFILE", "localstack", "AWS_ENDPOINT_URL_S3", "http://s3.example:4566"));

        assertThat(env).doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_S3");
    }

    @Test
    void awsGetsNoEndpointAndNoCredentials() {
        Map<String, String> env = CdkToolkit.environment(Target.aws, options("--region", "us-west-2"), Map.of());

        assertThat(env).containsEntry("AWS_REGION", "us-west-2")
                .doesNotContainKeys("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "EDGE_PORT");
    }

    /** An {@link AwsOptions} as picocli fills it for {@code deploy <args>}. */
    private static AwsOptions options(String... args) {
        DeployCommand deploy = new DeployCommand();
        String[] all = new String[args.length + 2];
        all[0] = "--target";
        all[1] = "aws";
        System.arraycopy(args, 0, all, 2, args.length);
        new CommandLine(deploy).parseArgs(all);
        return deploy.aws;
    }
}
