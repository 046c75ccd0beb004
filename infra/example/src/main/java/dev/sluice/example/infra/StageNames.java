package dev.sluice.example.infra;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Physical names of the example application, optionally prefixed with a stage ({@code dev-orders})
 * so several copies can live in one account and region.
 */
public final class StageNames {

    private static final Pattern STAGE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,19}");

    private final String stage;

    private StageNames(String stage) {
        this.stage = stage;
    }

    /** Names without a prefix. */
    public static StageNames none() {
        return new StageNames(null);
    }

    /**
     * Names prefixed with {@code stage-}; null or blank means no prefix.
     *
     * @throws IllegalArgumentException when the stage is not 1-20 letters, digits or '-', starting with a letter
     */
    public static StageNames of(String stage) {
        if (stage == null || stage.isBlank()) {
            return none();
        }
        if (!STAGE.matcher(stage).matches()) {
            throw new IllegalArgumentException("stage must be 1 to 20 letters, digits or '-', starting with a letter"
                    + " (given '" + stage + "')");
        }
        return new StageNames(stage);
    }

    public Optional<String> stage() {
        return Optional.ofNullable(stage);
    }

    /** {@code name}, or {@code stage-name} when there is a stage. */
    public String physical(String name) {
        return stage == null ? name : stage + "-" + name;
    }
}
