package dev.sluice.local.lambda.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK that runs a function's execution environments: one of the JDKs on this machine, chosen per runtime by
 * {@link InstalledJdks} (the runtime's own version when there is one, else the nearest newer, with a notice).
 *
 * @param home    the JDK's home directory
 * @param feature its feature version (8, 11, 17, 21, 25, ...)
 * @param version its full version as its {@code release} file states it ({@code 25.0.3}, {@code 1.8.0_402})
 * @param reason  why it was chosen, for the log
 * @param notice  one line saying that the runtime does not run on its own version here (and what that means), or
 *                null when it does
 */
public record FunctionJdk(Path home, int feature, String version, String reason, String notice) {

    /** Environment variable naming the JDK home that runs every function (unless a runtime's own variable is set). */
    public static final String HOME_VARIABLE = "SLUICE_LAMBDA_JAVA_HOME";

    private static final Logger LOG = LoggerFactory.getLogger(FunctionJdk.class);
    private static final Map<String, FunctionJdk> CHOSEN = new ConcurrentHashMap<>();

    /**
     * The JDK for functions of {@code runtime} ({@code java21}, {@code java8.al2}, ...) on this machine, chosen on first
     * use and logged once: at info level when it is the runtime's own version, else at warn level with the notice.
     *
     * @throws IllegalArgumentException when a {@code SLUICE_LAMBDA_JAVA*_HOME} variable names no JDK
     */
    public static FunctionJdk forRuntime(String runtime) {
        return CHOSEN.computeIfAbsent(runtime, r -> {
            FunctionJdk jdk = InstalledJdks.machine().forRuntime(r);
            if (jdk.notice() == null) {
                LOG.info("Lambda runtime {} runs on {} (Java {}): {}", r, jdk.java(), jdk.version(), jdk.reason());
            } else {
                LOG.warn("{} [{}: {}]", jdk.notice(), jdk.java(), jdk.reason());
            }
            return jdk;
        });
    }

    /** The {@code java} launcher. */
    public Path java() {
        return home.resolve("bin").resolve("java");
    }

    /** The text a function's configuration shows for this JDK, e.g. {@code Java 25.0.3}. */
    public String describe() {
        return "Java " + version;
    }
}
