package dev.sluice.quarkus.deployment;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.sluice.cli.ProjectApp;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.CloudContext;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.TemplateDeployer;

/** Deploys what the settings name into a local cloud: the project's CDK app (synthesized as the CLI does) or templates. */
final class ProjectDeployment {

    private ProjectDeployment() {
    }

    /**
     * @return the deployed stacks
     * @throws IllegalStateException with the synth output or the deploy log when something fails
     */
    static List<DeployResult> deploy(LocalCloudSettings settings, URI endpoint) {
        List<String> deployLog = new ArrayList<>();
        List<DeployResult> results = new ArrayList<>();
        try (TemplateDeployer deployer = new TemplateDeployer(endpoint, CloudContext.DEFAULT_REGION, deployLog::add)) {
            if (!settings.templates().isEmpty()) {
                for (Path template : settings.templates()) {
                    results.add(deployer.deploy(template));
                }
            } else if (settings.project() != null) {
                StringWriter synthLog = new StringWriter();
                Path assembly;
                try (PrintWriter log = new PrintWriter(synthLog, true)) {
                    assembly = ProjectApp.synth(settings.project(), Map.of(), settings.build(), log).directory();
                } catch (RuntimeException e) {
                    throw new IllegalStateException("Sluice Dev Services: " + e.getMessage() + "\n" + synthLog, e);
                }
                results.addAll(deployer.deployCloudAssembly(assembly));
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("Sluice Dev Services: cannot deploy " + settings.deployment() + ": "
                    + e.getMessage() + (deployLog.isEmpty() ? "" : "\ndeploy log:\n  " + String.join("\n  ", deployLog)),
                    e);
        }
        return results;
    }
}
