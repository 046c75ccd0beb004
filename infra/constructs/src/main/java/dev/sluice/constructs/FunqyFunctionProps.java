package dev.sluice.constructs;

import java.util.Map;
import software.amazon.awscdk.Duration;

/**
 * Props of {@link FunqyFunction}. {@code zipPath} and {@code export} are required; the rest are
 * optional with the range and default given.
 */
public record FunqyFunctionProps(String zipPath, String export, String functionName, Number memorySize,
        Duration timeout, Map<String, String> environment, String description) {

    public static final int DEFAULT_MEMORY_SIZE = 512;
    public static final Duration DEFAULT_TIMEOUT = Duration.seconds(30);

    public FunqyFunctionProps {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }

    public static Builder builder() {
        return PropsBuilder.of(Builder.class, FunqyFunctionProps.class);
    }

    /** Builder of {@link FunqyFunctionProps}. */
    public interface Builder {
        /** The Quarkus Funqy function.zip (one zip may serve many functions); required. */
        Builder zipPath(String zipPath);

        /** The {@code @Funq} method this function runs (QUARKUS_FUNQY_EXPORT); required. */
        Builder export(String export);

        /** Physical function name; default generated. */
        Builder functionName(String functionName);

        /** 128-10,240 MB; default 512. */
        Builder memorySize(Number memorySize);

        /** 1-900 s; default 30 s. */
        Builder timeout(Duration timeout);

        /**
         * Extra environment variables; default none. QUARKUS_FUNQY_EXPORT is set from {@code export}. Adds to (does
         * not replace) the variables given so far.
         */
        Builder environment(Map<String, String> environment);

        /** Function description; default none. */
        Builder description(String description);

        FunqyFunctionProps build();
    }
}
