package dev.sluice.functions.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.sluice.cli.ProjectApp;
import dev.sluice.cli.Sluice;
import picocli.CommandLine;

/**
 * The example is one project like any user's: {@code sluice local up} finds it by its cdk.json (the repository root),
 * runs its app command and deploys its stacks. The reactor has built the app (infra/example) and the functions
 * (package, before this integration test), so the project's build command is skipped.
 */
class LocalUpIT {

    @Test
    void localUpSynthesizesAndDeploysTheOrderPipeline() {
        assertThat(Path.of("target/function.zip")).as("built by package, before the integration tests").isRegularFile();
        Path project = ProjectApp.root(Path.of(""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Sluice.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("local", "up", "--project", project.toString(), "--no-build", "--port", "0",
                "--exit-when-ready");

        List<String> lines = out.toString().lines().toList();
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Local cloud at http://127.0.0.1:", "ready in ", "stopping (--exit-when-ready)");
        for (String function : List.of("fulfillOrder", "reviewOrder", "notifyCustomer")) {
            assertThat(lines).as(function).anyMatch(l -> l.contains("AWS::Lambda::Function")
                    && l.contains("created") && l.contains(function));
        }
        assertThat(lines).filteredOn(l -> l.contains("AWS::Lambda::EventSourceMapping") && l.contains("created"))
                .hasSize(2);
        for (String queue : List.of("fulfillment", "notifications", "outbox")) {
            assertThat(lines).as(queue).anyMatch(l -> l.contains("AWS::SQS::Queue") && l.contains("created")
                    && l.matches(".*/000000000000/" + queue + "\\s*"));
        }
        assertThat(lines).anyMatch(l -> l.contains("AWS::Events::EventBus") && l.contains("orders"));
        assertThat(lines).filteredOn(l -> l.contains("AWS::Events::Rule") && l.contains("created")).hasSize(3);
        assertThat(lines).anyMatch(l -> l.contains("AWS::IAM::Role") && l.contains("not enforced"));
        assertThat(project.resolve("cdk.out/manifest.json")).isRegularFile();
    }
}
