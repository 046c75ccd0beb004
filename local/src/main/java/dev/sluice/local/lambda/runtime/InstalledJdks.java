package dev.sluice.local.lambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDKs on this machine, and which one runs each Java runtime. A JDK is a folder with {@code bin/java} and a
 * {@code release} file stating {@code JAVA_VERSION}; no java process is run to find or choose them. Found: the
 * folders in the usual JDK places ({@code /usr/lib/jvm}, SDKMAN, IntelliJ's {@code ~/.jdks}, Gradle's toolchains),
 * {@code JAVA_HOME}, CI's {@code JAVA_HOME_<N>_X64} and the local cloud's own JVM.
 *
 * <p>A runtime runs on, in this order:
 * <ol>
 *   <li>the JDK named by its own variable, {@code SLUICE_LAMBDA_JAVA<N>_HOME} ({@code SLUICE_LAMBDA_JAVA21_HOME},
 *   {@code SLUICE_LAMBDA_JAVA8_HOME} for java8.al2);</li>
 *   <li>the JDK named by {@value FunctionJdk#HOME_VARIABLE} (every runtime);</li>
 *   <li>a JDK of the runtime's version (the local cloud's own JVM first, else the newest update);</li>
 *   <li>else the nearest newer JDK, with a notice: code compiled for the runtime runs on newer Java;</li>
 *   <li>else the newest older one, with a notice that classes compiled for the runtime will not load.</li>
 * </ol>
 */
final class InstalledJdks {

    /** One JDK home. */
    record Jdk(Path home, int feature, String version) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(InstalledJdks.class);
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?([^\"\\s]+)");
    private static final Pattern CI_HOME = Pattern.compile("JAVA_HOME_\\d+_(X64|ARM64|AARCH64)");
    private static volatile InstalledJdks machine;

    private final Map<String, String> env;
    private final List<Path> searched;
    private final List<Jdk> jdks;
    private final Path current;

    private InstalledJdks(Map<String, String> env, List<Path> searched, List<Jdk> jdks, Path current) {
        this.env = env;
        this.searched = searched;
        this.jdks = jdks;
        this.current = current;
    }

    /** This machine's JDKs, found on first use. */
    static InstalledJdks machine() {
        InstalledJdks found = machine;
        if (found == null) {
            synchronized (InstalledJdks.class) {
                found = machine;
                if (found == null) {
                    Path userHome = Path.of(System.getProperty("user.home"));
                    found = discover(System.getenv(), List.of(Path.of("/usr/lib/jvm"), Path.of("/usr/lib64/jvm"),
                            userHome.resolve(".sdkman/candidates/java"), userHome.resolve(".jdks"),
                            userHome.resolve(".gradle/jdks")), Path.of(System.getProperty("java.home")));
                    machine = found;
                }
            }
        }
        return found;
    }

    /**
     * The JDKs in the children of {@code searchDirs}, in {@code JAVA_HOME} and {@code JAVA_HOME_<N>_X64} of
     * {@code env}, and {@code currentHome} (the local cloud's own JVM), each once (by its real path).
     */
    static InstalledJdks discover(Map<String, String> env, List<Path> searchDirs, Path currentHome) {
        List<Path> candidates = new ArrayList<>();
        for (Path dir : searchDirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> homes = Files.list(dir)) {
                    homes.sorted().forEach(candidates::add);
                } catch (IOException e) {
                    LOG.debug("Could not list {}: {}", dir, e.toString());
                }
            }
        }
        env.entrySet().stream()
                .filter(e -> e.getKey().equals("JAVA_HOME") || CI_HOME.matcher(e.getKey()).matches())
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .filter(value -> value != null && !value.isBlank())
                .forEach(value -> candidates.add(Path.of(value.strip())));
        candidates.add(currentHome);
        Map<Path, Jdk> byRealPath = new LinkedHashMap<>();
        for (Path candidate : candidates) {
            jdk(candidate).ifPresent(jdk -> byRealPath.putIfAbsent(realPath(jdk.home()), jdk));
        }
        return new InstalledJdks(Map.copyOf(env), List.copyOf(searchDirs), List.copyOf(byRealPath.values()),
                realPath(currentHome));
    }

    /** Every JDK found, in the order found. */
    List<Jdk> all() {
        return jdks;
    }

    /**
     * The JDK for {@code runtime} (an id of {@link JavaRuntime}).
     *
     * @throws IllegalArgumentException when the runtime is not a Java runtime, or a variable names no JDK
     */
    FunctionJdk forRuntime(String runtime) {
        JavaRuntime java = JavaRuntime.of(runtime).orElseThrow(() -> new IllegalArgumentException(
                "not a Java runtime the local cloud runs: " + runtime + " (one of " + JavaRuntime.ids() + ")"));
        int wanted = java.feature();
        String own = "SLUICE_LAMBDA_JAVA" + wanted + "_HOME";
        for (String variable : List.of(own, FunctionJdk.HOME_VARIABLE)) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                Jdk jdk = named(variable, value.strip());
                return chosen(runtime, wanted, jdk, "set by " + variable,
                        "set by " + variable + (variable.equals(own) ? "" : " for every runtime"));
            }
        }
        Optional<Jdk> same = jdks.stream().filter(jdk -> jdk.feature() == wanted)
                .max(Comparator.comparing((Jdk jdk) -> realPath(jdk.home()).equals(current))
                        .thenComparing(jdk -> jdk.version(), InstalledJdks::compareVersions));
        if (same.isPresent()) {
            return chosen(runtime, wanted, same.get(), "a JDK " + wanted + " like the managed runtime", null);
        }
        String looked = "looked in " + searchedText();
        Optional<Jdk> newer = jdks.stream().filter(jdk -> jdk.feature() > wanted)
                .min(Comparator.comparingInt(Jdk::feature));
        if (newer.isPresent()) {
            return chosen(runtime, wanted, newer.get(), "no JDK " + wanted + " found (" + looked + ")",
                    "no JDK " + wanted + " found, so the nearest newer (" + own + " names one)");
        }
        Jdk older = jdks.stream().max(Comparator.comparingInt(Jdk::feature)).orElseThrow(() ->
                new IllegalStateException("no JDK found, not even the local cloud's own JVM at " + current));
        return chosen(runtime, wanted, older, "no JDK " + wanted + " or newer found (" + looked + ")",
                "no JDK " + wanted + " or newer found, so an older one, where classes compiled for Java " + wanted
                        + " do not load (" + own + " names one)");
    }

    private static FunctionJdk chosen(String runtime, int wanted, Jdk jdk, String reason, String why) {
        String notice = jdk.feature() == wanted ? null
                : "Lambda runtime " + runtime + " runs on Java " + jdk.version() + " here: " + why;
        return new FunctionJdk(jdk.home(), jdk.feature(), jdk.version(), reason, notice);
    }

    private static Jdk named(String variable, String value) {
        Path home = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            throw new IllegalArgumentException(variable + " must name a JDK home with bin/java: " + home);
        }
        return jdk(home).orElseThrow(() -> new IllegalArgumentException(
                variable + " must name a JDK home with a release file stating JAVA_VERSION: " + home));
    }

    private String searchedText() {
        List<String> places = new ArrayList<>(searched.stream().map(Path::toString).toList());
        places.add("JAVA_HOME");
        return String.join(", ", places);
    }

    /** The JDK at {@code home}: an executable {@code bin/java} and a readable version. */
    static Optional<Jdk> jdk(Path home) {
        Path absolute = home.toAbsolutePath().normalize();
        if (!Files.isExecutable(absolute.resolve("bin/java"))) {
            return Optional.empty();
        }
        return version(absolute).flatMap(version -> feature(version)
                .map(feature -> new Jdk(absolute, feature, version)));
    }

    /** The version stated by {@code <home>/release} ({@code JAVA_VERSION="25.0.3"}), if readable. */
    static Optional<String> version(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher matcher = JAVA_VERSION.matcher(Files.readString(release));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read {}: {}", release, e.toString());
            return Optional.empty();
        }
    }

    /** The feature version of a version string: {@code 25.0.3} gives 25, {@code 1.8.0_402} (Java 8) gives 8. */
    static Optional<Integer> feature(String version) {
        Matcher matcher = Pattern.compile("^(?:1\\.)?(\\d+)").matcher(version);
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    /** Compares version strings number by number ({@code 17.0.9} before {@code 17.0.15}). */
    static int compareVersions(String a, String b) {
        String[] left = a.split("[^0-9]+");
        String[] right = b.split("[^0-9]+");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            long l = i < left.length && !left[i].isEmpty() ? Long.parseLong(left[i]) : 0;
            long r = i < right.length && !right[i].isEmpty() ? Long.parseLong(right[i]) : 0;
            if (l != r) {
                return Long.compare(l, r);
            }
        }
        return 0;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
