package dev.sluice.local.template.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.template.TemplateException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamConfigTest {

    /** As {@code sam init} and {@code sam deploy --guided} write it. */
    private static final String GUIDED = """
            # More information about the configuration file can be found here:
            # https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-sam-cli-config.html
            version = 0.1

            [default.global.parameters]
            stack_name = "orders-app"

            [default.build.parameters]
            cached = true
            parallel = true

            [default.deploy.parameters]
            capabilities = "CAPABILITY_IAM"
            confirm_changeset = true
            resolve_s3 = true
            s3_prefix = "orders-app"
            region = "eu-west-1"
            parameter_overrides = "Stage=\\"dev\\" Greeting=\\"hello world\\" Size=3"
            image_repositories = []

            [default.local_start_api.parameters]
            warm_containers = "EAGER"
            """;

    @Test
    void stackNameAndParameterOverridesOfTheDefaultEnvironment() {
        SamConfig config = SamConfig.parse(GUIDED, "samconfig.toml");

        assertThat(config.stackName()).isEqualTo("orders-app");
        assertThat(config.parameterOverrides())
                .containsExactly(Map.entry("Stage", "dev"), Map.entry("Greeting", "hello world"), Map.entry("Size", "3"));
    }

    @Test
    void deployParametersOverrideGlobalOnes() {
        SamConfig config = SamConfig.parse("""
                [default.global.parameters]
                stack_name = 'global-name'
                parameter_overrides = ["A=1"]
                [default.deploy.parameters]
                stack_name = "deploy-name"   # wins
                parameter_overrides = [
                  "ParameterKey=B,ParameterValue=two",
                  'C="three four"',
                ]
                """, "samconfig.toml");

        assertThat(config.stackName()).isEqualTo("deploy-name");
        assertThat(config.parameterOverrides())
                .containsExactly(Map.entry("B", "two"), Map.entry("C", "three four"));
    }

    @Test
    void otherEnvironmentsAndMissingKeysGiveNothing() {
        SamConfig config = SamConfig.parse("""
                [prod.deploy.parameters]
                stack_name = "prod"
                """, "samconfig.toml");

        assertThat(config.stackName()).isNull();
        assertThat(config.parameterOverrides()).isEmpty();
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertThatThrownBy(() -> SamConfig.parse("""
                [default.deploy.parameters]
                stack_name = "unterminated
                """, "/p/samconfig.toml"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("/p/samconfig.toml line 2: unterminated string");
        assertThatThrownBy(() -> SamConfig.parse("""
                [default.deploy.parameters]
                parameter_overrides = "Stage"
                """, "samconfig.toml").parameterOverrides())
                .hasMessage("samconfig.toml: parameter_overrides entry 'Stage' is not Key=Value");
    }
}
