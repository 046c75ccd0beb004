package dev.sluice.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice new DIR}: creates a project from the template in the CLI's resources ({@link ProjectTemplate}). */
@Command(name = "new", mixinStandardHelpOptions = true, versionProvider = SluiceVersion.class,
        header = "Create a project: two Funqy functions (SQS, EventBridge), their CDK app, tests and a Maven build.",
        description = {"Writes into DIR, which must be new or empty; it overwrites nothing. The project builds and",
                "tests with ./mvnw verify (no Docker) and runs with sluice local up. Its CDK app uses Sluice's",
                "constructs (dev.sluice:sluice-constructs) from the local Maven repository: run",
                "./mvnw install -DskipTests in the Sluice checkout once."},
        footer = {"", "Example:", "  sluice new acme-billing --package com.acme.billing", ""})
final class NewCommand extends SluiceCommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of the new project: new or empty.")
    String dir;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The project's name, in its queue, bus, function and stack names and Maven artifactIds: "
                    + ProjectNames.NAME_RULE + ". Default: DIR's name.")
    String name;

    @Option(names = "--package", paramLabel = "PACKAGE",
            description = "Java package of its code, also its Maven groupId. Default: com.example.NAME without dashes.")
    String javaPackage;

    @Override
    public Integer call() {
        Path target = targetDir();
        ProjectNames names = names(target);
        checkEmpty(target);
        SluiceHome home = SluiceHome.locate();
        ProjectTemplate template = ProjectTemplate.load();
        List<ProjectTemplate.ProjectFile> files = template.render(names, home);
        ProjectTemplate.write(target, files);

        PrintWriter out = out();
        out.println("Created " + names.name() + " (package " + names.javaPackage() + ") in " + target + ":");
        files.stream().map(f -> f.path().toString()).sorted().forEach(path -> out.println("  " + path));
        out.println();
        String sluiceVersion = template.versions().get("sluiceVersion");
        String constructs = "dev.sluice:sluice-constructs:" + sluiceVersion;
        if (!Files.isDirectory(localMavenRepository().resolve("dev/sluice/sluice-constructs/" + sluiceVersion))) {
            out.println("Its CDK app needs " + constructs + " in your local Maven repository, once:");
            out.println("  (cd " + home.root() + " && ./mvnw install -DskipTests)");
        }
        out.println("Next:");
        out.println("  cd " + dir);
        out.println("  ./mvnw verify              # build, and test both functions and the CDK app (no Docker)");
        out.println("  sluice local up --demo     # run it on this machine, with sample tasks (Ctrl-C stops)");
        out.println("README.md says how to send events, invoke the functions, read their logs and deploy.");
        out.flush();
        return 0;
    }

    private Path targetDir() {
        if (dir.isBlank()) {
            throw usage("DIR is empty: name the folder of the new project");
        }
        try {
            return Path.of(dir).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw usage("DIR '" + dir + "' is not a path: " + e.getReason());
        }
    }

    private ProjectNames names(Path target) {
        String projectName = name;
        if (projectName == null) {
            Path base = target.getFileName();
            projectName = base == null ? "" : base.toString();
            String problem = ProjectNames.checkName(projectName);
            if (problem != null) {
                throw usage("DIR's name '" + projectName + "' " + problem + "; give the project a name with --name");
            }
        } else {
            String problem = ProjectNames.checkName(projectName);
            if (problem != null) {
                throw usage("--name '" + projectName + "' " + problem);
            }
        }
        String pkg = javaPackage != null ? javaPackage : ProjectNames.defaultPackage(projectName);
        String problem = ProjectNames.checkPackage(pkg);
        if (problem != null) {
            throw usage("--package '" + pkg + "' " + problem);
        }
        return new ProjectNames(projectName, pkg);
    }

    private static void checkEmpty(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new CommandFailure(target + " exists and is not a folder: give a new or empty folder");
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new CommandFailure(target + " is not empty: sluice new writes only into a new or empty folder"
                        + " and overwrites nothing");
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + target + ": " + e.getMessage(), e);
        }
    }

    /** Where Maven keeps artifacts by default (only for a hint: a project may configure another place). */
    private static Path localMavenRepository() {
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }
}
