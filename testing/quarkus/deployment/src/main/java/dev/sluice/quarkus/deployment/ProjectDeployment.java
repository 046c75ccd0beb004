package dev.sluice.quarkus.deployment;

import java.net.URI;
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
        try (TemplateDeployer deployer = new TemplateDeployer(endpoint, CloudContext.DEFAULT_REGION, deployLog::add)) {
            return ProjectApp.deploy(deployer, settings.templates(), settings.project(), Map.of(), settings.build());
        } catch (ProjectApp.SynthFailure e) {
            throw new IllegalStateException("Sluice Dev Services: " + e.getMessage() + "\n" + e.output(), e.getCause());
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("Sluice Dev Services: cannot deploy " + settings.deployment() + ": "
                    + e.getMessage() + (deployLog.isEmpty() ? "" : "\ndeploy log:\n  " + String.join("\n  ", deployLog)),
                    e);
        }
    }
}
