package dev.sluice.local.lambda.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;

/**
 * AWS's runtime interface client as the managed java runtimes run it: its jars (client, core, serialization and
 * utils-lite, located on this JVM's classpath; built for Java 8, so every runtime's JDK runs them) and its JNI HTTP
 * client, extracted once so that environments starting together do not race on the fixed
 * {@code /tmp} path the client would otherwise copy it to.
 */
final class RuntimeInterfaceClient {

    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private final List<Path> classpath;
    private final Path jniLibrary;

    private RuntimeInterfaceClient(List<Path> classpath, Path jniLibrary) {
        this.classpath = classpath;
        this.jniLibrary = jniLibrary;
    }

    static RuntimeInterfaceClient locate(Path workDir) throws IOException {
        Path client = jarOf(MAIN_CLASS);
        List<Path> classpath = List.of(client,
                jarOf("com.amazonaws.services.lambda.runtime.Context"),
                jarOf("com.amazonaws.services.lambda.runtime.serialization.PojoSerializer"),
                // a runtime dependency of the client (its error path uses it); not named in AWS's docs
                jarOf("software.amazon.awssdk.utilslite.SdkInternalThreadLocal"));
        return new RuntimeInterfaceClient(classpath, extractJni(client, workDir.resolve("runtime")));
    }

    List<Path> classpath() {
        return classpath;
    }

    Path jniLibrary() {
        return jniLibrary;
    }

    private static Path jarOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, RuntimeInterfaceClient.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("The Lambda runtime interface client is not on the classpath: " + className, e);
        }
    }

    private static Path extractJni(Path clientJar, Path dir) throws IOException {
        String entryName = "jni/libaws-lambda-jni." + platform() + ".so";
        try (JarFile jar = new JarFile(clientJar.toFile())) {
            var entry = jar.getEntry(entryName);
            if (entry == null) {
                throw new IllegalStateException(clientJar + " has no " + entryName + " for this platform");
            }
            Path target = dir.resolve(entry.getName().substring("jni/".length()));
            if (Files.isRegularFile(target) && Files.size(target) == entry.getSize()) {
                return target;
            }
            Files.createDirectories(dir);
            Path staging = dir.resolve(target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, staging, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        }
    }

    private static String platform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        boolean musl = Files.exists(Path.of("/lib/ld-musl-x86_64.so.1")) || Files.exists(Path.of("/lib/ld-musl-aarch64.so.1"));
        return (musl ? "linux_musl-" : "linux-") + (arm ? "aarch_64" : "x86_64");
    }
}
