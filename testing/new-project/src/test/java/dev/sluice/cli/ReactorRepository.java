package dev.sluice.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A Maven local repository for a child build that needs Sluice's artifacts before anyone ran
 * {@code mvnw install}: every folder of the user's repository (~/.m2/repository) linked in as it is, except
 * {@code dev/sluice}, which holds this reactor's own poms and freshly jarred classes instead. Sluice's artifacts thus
 * never reach the shared repository, and everything else resolves from it as usual.
 */
final class ReactorRepository {

    /**
     * The modules a project made by {@code sluice new} uses: the construct library ({@code dev.sluice:sluice-constructs})
     * and the Dev Services its tests run on ({@code dev.sluice:sluice-quarkus}, whose deployment module brings the local
     * cloud and the CLI's synth). artifactId, pom, classes (or none).
     */
    private static final List<String[]> MODULES = List.of(
            new String[] {"sluice-parent", "pom.xml", null},
            new String[] {"sluice-infra", "infra/pom.xml", null},
            new String[] {"sluice-scaling-settings", "infra/scaling-settings/pom.xml", "infra/scaling-settings/target/classes"},
            new String[] {"sluice-constructs", "infra/constructs/pom.xml", "infra/constructs/target/classes"},
            new String[] {"sluice-local", "local/pom.xml", "local/target/classes"},
            new String[] {"sluice-cli", "infra/cli/pom.xml", "infra/cli/target/classes"},
            new String[] {"sluice-testing-parent", "testing/pom.xml", null},
            new String[] {"sluice-quarkus-parent", "testing/quarkus/pom.xml", null},
            new String[] {"sluice-quarkus", "testing/quarkus/runtime/pom.xml", "testing/quarkus/runtime/target/classes"},
            new String[] {"sluice-quarkus-deployment", "testing/quarkus/deployment/pom.xml",
                    "testing/quarkus/deployment/target/classes"});

    private ReactorRepository() {
    }

    /** Lays out the repository in {@code dir} from the Sluice checkout {@code home}; returns {@code dir}. */
    static Path create(Path dir, Path home, String version) throws IOException {
        Path shared = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Files.createDirectories(dir.resolve("dev"));
        linkChildren(shared, dir, "dev");
        linkChildren(shared.resolve("dev"), dir.resolve("dev"), "sluice");
        for (String[] module : MODULES) {
            String artifactId = module[0];
            Path folder = Files.createDirectories(dir.resolve("dev/sluice").resolve(artifactId).resolve(version));
            Files.copy(home.resolve(module[1]), folder.resolve(artifactId + "-" + version + ".pom"));
            if (module[2] != null) {
                Path classes = home.resolve(module[2]);
                if (!Files.isDirectory(classes)) {
                    throw new IllegalStateException(classes + " is missing: build Sluice through its reactor"
                            + " (./mvnw verify -pl testing/new-project -am)");
                }
                jar(classes, folder.resolve(artifactId + "-" + version + ".jar"));
            }
        }
        return dir;
    }

    private static void linkChildren(Path from, Path to, String except) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> children = Files.list(from)) {
            for (Path child : children.toList()) {
                if (!child.getFileName().toString().equals(except)) {
                    Files.createSymbolicLink(to.resolve(child.getFileName().toString()), child);
                }
            }
        }
    }

    private static void jar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }
}
