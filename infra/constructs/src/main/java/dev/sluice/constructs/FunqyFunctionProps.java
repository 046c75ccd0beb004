package dev.sluice.constructs;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;

/**
 * Props of {@link FunqyFunction}. {@code zipPath} and {@code export} are required; the rest are
 * optional with the range and default given.
 */
public final class FunqyFunctionProps {

    public static final int DEFAULT_MEMORY_SIZE = 512;
    public static final Duration DEFAULT_TIMEOUT = Duration.seconds(30);

    private final String zipPath;
    private final String export;
    private final String functionName;
    private final Number memorySize;
    private final Duration timeout;
    private final Map<String, String> environment;
    private final String description;

    private FunqyFunctionProps(Builder b) {
        this.zipPath = b.zipPath;
        this.export = b.export;
        this.functionName = b.functionName;
        this.memorySize = b.memorySize;
        this.timeout = b.timeout;
        this.environment = Map.copyOf(b.environment);
        this.description = b.description;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The Quarkus Funqy function.zip (one zip may serve many functions); required. */
    public String getZipPath() {
        return zipPath;
    }

    /** The {@code @Funq} method this function runs (QUARKUS_FUNQY_EXPORT); required. */
    public String getExport() {
        return export;
    }

    /** Physical function name; default generated. */
    public String getFunctionName() {
        return functionName;
    }

    /** 128-10,240 MB; default 512. */
    public Number getMemorySize() {
        return memorySize;
    }

    /** 1-900 s; default 30 s. */
    public Duration getTimeout() {
        return timeout;
    }

    /** Extra environment variables; default none. QUARKUS_FUNQY_EXPORT is set from {@code export}. */
    public Map<String, String> getEnvironment() {
        return environment;
    }

    /** Function description; default none. */
    public String getDescription() {
        return description;
    }

    /** Builder of {@link FunqyFunctionProps}. */
    public static final class Builder {
        private String zipPath;
        private String export;
        private String functionName;
        private Number memorySize;
        private Duration timeout;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String description;

        private Builder() {
        }

        public Builder zipPath(String zipPath) {
            this.zipPath = zipPath;
            return this;
        }

        public Builder export(String export) {
            this.export = export;
            return this;
        }

        public Builder functionName(String functionName) {
            this.functionName = functionName;
            return this;
        }

        public Builder memorySize(Number memorySize) {
            this.memorySize = memorySize;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Adds to (does not replace) the variables given so far. */
        public Builder environment(Map<String, String> environment) {
            this.environment.putAll(environment);
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public FunqyFunctionProps build() {
            return new FunqyFunctionProps(this);
        }
    }
}
