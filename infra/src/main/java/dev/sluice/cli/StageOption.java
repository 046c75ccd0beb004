package dev.sluice.cli;

import dev.sluice.infra.app.StageNames;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --stage}: the prefix the CDK app puts on stack and resource names ({@code dev-orders}). */
final class StageOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private String stage;

    @Option(names = "--stage", paramLabel = "STAGE",
            description = "Deployment stage: prefixes stack and resource names (STAGE-orders). Default: none.")
    void setStage(String value) {
        try {
            StageNames.of(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), "--stage: " + e.getMessage());
        }
        stage = value.isBlank() ? null : value;
    }

    /** The stage, or null for none. */
    String stage() {
        return stage;
    }

    StageNames names() {
        return StageNames.of(stage);
    }
}
