package dev.sluice.local.lambda.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One immutable version of a function's configuration and code. Environments keep the version they started with;
 * an update makes a new version and retires environments of older ones.
 *
 * @param taskRoot the unpacked code (the stand-in for {@code /var/task})
 */
public record FunctionConfig(String name, String arn, String runtime, String role, String handler, String description,
                      int timeoutSeconds, int memoryMb, Map<String, String> variables,
                      Path taskRoot, String codeSha256, long codeSize, Instant lastModified, String revisionId) {

    public FunctionConfig {
        variables = Map.copyOf(variables);
    }

    public FunctionConfig withCode(FunctionCode code) {
        return new FunctionConfig(name, arn, runtime, role, handler, description, timeoutSeconds, memoryMb, variables,
                code.taskRoot(), code.sha256(), code.size(), Instant.now(), java.util.UUID.randomUUID().toString());
    }
}
