package dev.sluice.quarkus.deployment;

import java.nio.file.Path;
import java.util.List;

/**
 * The resolved Dev Services settings: what to deploy and where. Its {@link #identity()} tells Quarkus whether a
 * running local cloud still fits the app after a restart (another test profile, a live reload).
 *
 * @param port      the edge port, 0 for a free one
 * @param project   the project folder (holding cdk.json) whose app is deployed, or null
 * @param templates templates deployed instead of the app
 * @param build     run cdk.json's build command first
 */
record LocalCloudSettings(int port, Path project, List<Path> templates, boolean build) {

    LocalCloudSettings {
        templates = List.copyOf(templates);
    }

    String identity() {
        return "port=" + port + ";project=" + project + ";templates=" + templates + ";build=" + build;
    }

    String deployment() {
        return templates.isEmpty() ? "the CDK app of " + project : "templates " + templates;
    }
}
