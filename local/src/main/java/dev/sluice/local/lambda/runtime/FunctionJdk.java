package dev.sluice.local.lambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK that execution environments run on. The managed runtime is java21, so a JDK of 21 or newer is preferred
 * over the local cloud's own JVM: {@code SLUICE_LAMBDA_JAVA_HOME} if set, else the newest JDK 21+ in
 * {@code /usr/lib/jvm} or {@code JAVA_HOME}, else the current JVM. Versions come from each JDK's {@code release} file,
 * so choosing runs no process. The choice is made once per local cloud JVM.
 *
 * @param home    the JDK's home directory
 * @param feature its feature version (17, 21, 25, ...)
 * @param reason  why it was chosen, for the log
 */
public record FunctionJdk(Path home, int feature, String reason) {

    /** Environment variable naming the JDK home that runs functions. */
    public static final String HOME_VARIABLE = "SLUICE_LAMBDA_JAVA_HOME";
    /** The managed runtime's version: JDKs from here on are preferred over the current JVM. */
    static final int PREFERRED_FEATURE = 21;

    private static final Logger LOG = LoggerFactory.getLogger(FunctionJdk.class);
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(?:1\\.)?(\\d+)");
    private static volatile FunctionJdk chosen;

    /** The JDK for execution environments, chosen on first use and logged once. */
    public static FunctionJdk resolve() {
        FunctionJdk jdk = chosen;
        if (jdk == null) {
            synchronized (FunctionJdk.class) {
                jdk = chosen;
                if (jdk == null) {
                    jdk = resolve(System.getenv(), Path.of("/usr/lib/jvm"), Path.of(System.getProperty("java.home")),
                            Runtime.version().feature());
                    LOG.info("Lambda functions run on {} (Java {}): {}", jdk.java(), jdk.feature(), jdk.reason());
                    chosen = jdk;
                }
            }
        }
        return jdk;
    }

    /**
     * The choice for the given environment, JDK directory and current JVM (tests pass temporary folders).
     *
     * @throws IllegalArgumentException when {@value #HOME_VARIABLE} names no JDK
     */
    static FunctionJdk resolve(Map<String, String> env, Path jvmDir, Path currentHome, int currentFeature) {
        String explicit = env.get(HOME_VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            Path home = Path.of(explicit.trim()).toAbsolutePath().normalize();
            if (!Files.isExecutable(home.resolve("bin/java"))) {
                throw new IllegalArgumentException(HOME_VARIABLE + " must name a JDK home with bin/java: " + home);
            }
            int feature = featureVersion(home).orElseThrow(() -> new IllegalArgumentException(
                    HOME_VARIABLE + " must name a JDK home with a release file stating JAVA_VERSION: " + home));
            return new FunctionJdk(home, feature, "set by " + HOME_VARIABLE);
        }
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(jvmDir)) {
            try (Stream<Path> homes = Files.list(jvmDir)) {
                homes.sorted().forEach(candidates::add);
            } catch (IOException e) {
                LOG.debug("Could not list {}: {}", jvmDir, e.toString());
            }
        }
        String javaHome = env.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            candidates.add(Path.of(javaHome.trim()));
        }
        Optional<FunctionJdk> newest = candidates.stream()
                .map(home -> home.toAbsolutePath().normalize())
                .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .flatMap(home -> featureVersion(home).stream().map(feature -> new FunctionJdk(home, feature,
                        "the newest JDK " + PREFERRED_FEATURE + "+ found (the managed runtime is java21)")))
                .filter(jdk -> jdk.feature() >= PREFERRED_FEATURE)
                .max(Comparator.comparingInt(FunctionJdk::feature));
        if (currentFeature >= PREFERRED_FEATURE
                && newest.map(jdk -> jdk.feature() <= currentFeature).orElse(true)) {
            return new FunctionJdk(currentHome, currentFeature, "the local cloud's own JVM, Java "
                    + PREFERRED_FEATURE + "+ like the managed runtime");
        }
        return newest.orElseGet(() -> new FunctionJdk(currentHome, currentFeature, "the local cloud's own JVM: no JDK "
                + PREFERRED_FEATURE + "+ in " + jvmDir + " or JAVA_HOME, and " + HOME_VARIABLE + " is not set"));
    }

    /** The feature version stated by {@code <home>/release} ({@code JAVA_VERSION="25.0.3"}), if readable. */
    static Optional<Integer> featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher matcher = JAVA_VERSION.matcher(Files.readString(release));
            if (!matcher.find()) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(matcher.group(1))); // "1.8.0_..." (Java 8) gives 8
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read {}: {}", release, e.toString());
            return Optional.empty();
        }
    }

    /** The {@code java} launcher. */
    public Path java() {
        return home.resolve("bin").resolve("java");
    }
}
