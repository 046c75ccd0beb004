package dev.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project {@code sluice new} creates: plain files under {@value #FOLDER} in the CLI's resources, with
 * placeholders ({@code {{name}}}) in their paths and texts, listed in {@value #INDEX} (resources in a jar cannot be
 * listed); the versions to pin are in {@value #VERSIONS}, filled in from Sluice's root pom when the CLI is built.
 * Files whose source starts with {@value #HOME_PREFIX} are copied from the Sluice installation as they are.
 */
final class ProjectTemplate {

    static final String FOLDER = "/dev/sluice/cli/new/";
    static final String INDEX = "index.txt";
    static final String VERSIONS = "versions.properties";
    static final String HOME_PREFIX = "$SLUICE_HOME/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)}}");

    /** One line of the index: where the file comes from and where it goes (both may hold placeholders). */
    record Entry(String source, String target) {

        boolean fromHome() {
            return source.startsWith(HOME_PREFIX);
        }
    }

    /** A file of the new project, ready to write. */
    record ProjectFile(Path path, byte[] content, boolean executable) {
    }

    private final List<Entry> entries;
    private final Map<String, String> versions;

    private ProjectTemplate(List<Entry> entries, Map<String, String> versions) {
        this.entries = List.copyOf(entries);
        this.versions = Map.copyOf(versions);
    }

    /** The template in the CLI's resources. */
    static ProjectTemplate load() {
        List<Entry> entries = new ArrayList<>();
        for (String line : resourceText(INDEX).lines().toList()) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int arrow = entry.indexOf("->");
            entries.add(arrow < 0 ? new Entry(entry, entry)
                    : new Entry(entry.substring(0, arrow).strip(), entry.substring(arrow + 2).strip()));
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(resourceText(VERSIONS)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> versions = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> versions.put(key, properties.getProperty(key)));
        return new ProjectTemplate(entries, versions);
    }

    List<Entry> entries() {
        return entries;
    }

    /** The versions a new project pins, by placeholder name ({@code quarkusVersion}...). */
    Map<String, String> versions() {
        return versions;
    }

    /** Every placeholder a project of these names fills: the names and the versions. */
    Map<String, String> placeholders(ProjectNames names) {
        Map<String, String> values = new LinkedHashMap<>(versions);
        values.put("name", names.name());
        values.put("Name", names.className());
        values.put("package", names.javaPackage());
        values.put("packagePath", names.packagePath());
        return values;
    }

    /** The project's files with every placeholder filled, read before anything is written. */
    List<ProjectFile> render(ProjectNames names, SluiceHome home) {
        Map<String, String> values = placeholders(names);
        List<ProjectFile> files = new ArrayList<>();
        for (Entry entry : entries) {
            Path target = Path.of(fill(entry.target(), values, INDEX));
            if (entry.fromHome()) {
                Path source = home.root().resolve(entry.source().substring(HOME_PREFIX.length()));
                try {
                    files.add(new ProjectFile(target, Files.readAllBytes(source), Files.isExecutable(source)));
                } catch (IOException e) {
                    throw new CommandFailure("cannot read " + source + " from the Sluice installation: " + e.getMessage(), e);
                }
            } else {
                String text = fill(resourceText(entry.source()), values, entry.source());
                files.add(new ProjectFile(target, text.getBytes(StandardCharsets.UTF_8), false));
            }
        }
        return files;
    }

    /**
     * Writes {@code files} into {@code dir}, creating folders as needed and never replacing a file. If one cannot be
     * written, what this call created is removed again and the failure is thrown.
     */
    static void write(Path dir, List<ProjectFile> files) {
        List<Path> created = new ArrayList<>();
        try {
            createDirectories(dir, created);
            for (ProjectFile file : files) {
                Path path = dir.resolve(file.path());
                createDirectories(path.getParent(), created);
                Files.write(path, file.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                created.add(path);
                if (file.executable()) {
                    makeExecutable(path);
                }
            }
        } catch (IOException e) {
            for (int i = created.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(created.get(i));
                } catch (IOException ignored) {
                    // a folder someone else wrote into meanwhile stays
                }
            }
            String what = e instanceof FileAlreadyExistsException ? e.getMessage() + " appeared meanwhile"
                    : e.getMessage();
            throw new CommandFailure("cannot write the project into " + dir + ": " + what + " (nothing was kept)", e);
        }
    }

    /** {@code text} with each {@code {{key}}} replaced by its value; an unknown key is a bug in the template. */
    static String fill(String text, Map<String, String> values, String origin) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(origin + ": unknown placeholder " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void createDirectories(Path dir, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path d = dir.toAbsolutePath(); d != null && !Files.isDirectory(d); d = d.getParent()) {
            missing.add(0, d);
        }
        for (Path d : missing) {
            Files.createDirectory(d);
            created.add(d);
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
            if (!file.toFile().setExecutable(true, false)) {
                throw new IOException("cannot make " + file + " executable");
            }
        }
    }

    private static String resourceText(String name) {
        try (InputStream in = ProjectTemplate.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("the project template has no " + FOLDER + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
