package dev.sluice.local.lambda.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Whether a function's code holds its handler class. AWS accepts such code and fails every invocation with
 * {@code Runtime.BadFunctionCode}; locally the deploy says so at once, which is what a user needs to see.
 */
public final class HandlerCheck {

    private HandlerCheck() {
    }

    /** A message naming the missing class, or empty when the class is in the task root or one of its lib/*.jar. */
    public static Optional<String> problem(Path taskRoot, String handler) {
        String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        String entry = className.replace('.', '/') + ".class";
        if (Files.isRegularFile(taskRoot.resolve(entry)) || inLibraries(taskRoot.resolve("lib"), entry)) {
            return Optional.empty();
        }
        return Optional.of("handler class " + className + " is not in the code (looked for " + entry
                + " at the root and in lib/*.jar): invocations will fail with Runtime.BadFunctionCode");
    }

    private static boolean inLibraries(Path lib, String entry) {
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (Stream<Path> files = Files.list(lib)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    if (file.getEntry(entry) != null) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return true; // cannot tell: do not warn about what may be there
        }
    }
}
