package dev.sluice.local.lambda.runtime;

import java.util.Locale;
import java.util.Optional;

/** This machine's architecture in Lambda's words ({@code x86_64}, {@code arm64}): every function runs on it. */
public final class HostArchitecture {

    private HostArchitecture() {
    }

    /** {@code x86_64} or {@code arm64} (the JVM's {@code os.arch} for anything else). */
    public static String current() {
        return of(System.getProperty("os.arch"));
    }

    static String of(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    /**
     * One line when {@code function}'s declared architecture is not this machine's: it runs on this machine's anyway,
     * which Java bytecode does not notice, but native libraries built only for the declared one do.
     */
    public static Optional<String> notice(String function, String declared) {
        String host = current();
        if (declared == null || declared.equals(host)) {
            return Optional.empty();
        }
        return Optional.of("Function " + function + ": Architectures " + declared + " runs on this machine's " + host
                + " (Java bytecode runs the same; native libraries built only for " + declared + " do not load)");
    }
}
