package dev.sluice.quarkus.deployment;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;

/** Names the extension in the app's list of features. */
public class SluiceProcessor {

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(LocalCloudDevServicesProcessor.FEATURE);
    }
}
