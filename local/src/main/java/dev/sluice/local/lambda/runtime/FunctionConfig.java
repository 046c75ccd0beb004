package dev.sluice.local.lambda.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One immutable version of a function's configuration and code. Environments keep the version they started with;
 * an update makes a new version and retires environments of older ones.
 *
 * @param taskRoot           the unpacked code (the stand-in for {@code /var/task})
 * @param jdk                the JDK its environments run on, chosen for its runtime
 * @param architecture       {@code x86_64} or {@code arm64}, as given (environments run on this machine's)
 * @param ephemeralStorageMb the size of each environment's {@code /tmp} (512-10240)
 * @param deadLetterArn      the SQS queue failed asynchronous events go to (DeadLetterConfig.TargetArn), or null
 */
public record FunctionConfig(String name, String arn, String runtime, String role, String handler, String description,
                      int timeoutSeconds, int memoryMb, Map<String, String> variables,
                      Path taskRoot, String codeSha256, long codeSize, Instant lastModified, String revisionId,
                      FunctionJdk jdk, String architecture, int ephemeralStorageMb, String deadLetterArn) {

    /** Lambda's default size of {@code /tmp}, in MB. */
    public static final int DEFAULT_EPHEMERAL_STORAGE_MB = 512;
    public static final String DEFAULT_ARCHITECTURE = "x86_64";

    public FunctionConfig {
        variables = Map.copyOf(variables);
    }

    public FunctionConfig withCode(FunctionCode code) {
        return new FunctionConfig(name, arn, runtime, role, handler, description, timeoutSeconds, memoryMb, variables,
                code.taskRoot(), code.sha256(), code.size(), Instant.now(), java.util.UUID.randomUUID().toString(),
                jdk, architecture, ephemeralStorageMb, deadLetterArn);
    }

    /** This version with another architecture (UpdateFunctionCode may change it). */
    public FunctionConfig withArchitecture(String newArchitecture) {
        return new FunctionConfig(name, arn, runtime, role, handler, description, timeoutSeconds, memoryMb, variables,
                taskRoot, codeSha256, codeSize, lastModified, revisionId, jdk, newArchitecture, ephemeralStorageMb,
                deadLetterArn);
    }
}
