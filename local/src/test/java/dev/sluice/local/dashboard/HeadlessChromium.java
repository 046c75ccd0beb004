package dev.sluice.local.dashboard;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, run headless once per page: {@code --dump-dom} for the DOM after the page's scripts ran
 * for a virtual-time budget, {@code --screenshot} for a PNG. No browser is downloaded; the machine has none to spare.
 */
record HeadlessChromium(Path executable, Path profiles) {

    private static final Duration PROCESS_LIMIT = Duration.ofSeconds(90);

    /** The installed browser, or an error that says how to get it (never a skip: CI must have it). */
    static HeadlessChromium require(Path workDir) {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return new HeadlessChromium(candidate, workDir);
                }
            }
        }
        throw new IllegalStateException("chromium is not installed (looked for chromium and chromium-browser on the "
                + "PATH): run ./test-setup at the repository root, which installs Debian's chromium package, or "
                + "apt-get install -y chromium");
    }

    /** The serialised DOM once the page's timers and fetches ran for {@code budget} of virtual time. */
    String dumpDom(URI page, Duration budget) throws IOException, InterruptedException {
        return run(List.of("--virtual-time-budget=" + budget.toMillis(), "--dump-dom", page.toString()), null);
    }

    /** A PNG of the page at 1280x900 after {@code budget} of virtual time. */
    void screenshot(URI page, Duration budget, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(List.of("--virtual-time-budget=" + budget.toMillis(), "--window-size=1280,900", "--hide-scrollbars",
                "--screenshot=" + png.toAbsolutePath(), page.toString()), png);
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IOException("chromium wrote no screenshot to " + png);
        }
    }

    private String run(List<String> action, Path expectedFile) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(Files.createDirectories(profiles), "chromium-profile");
        Path log = profile.resolveSibling(profile.getFileName() + ".log");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--mute-audio", "--user-data-dir=" + profile));
        command.addAll(action);
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(PROCESS_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("chromium did not finish within " + PROCESS_LIMIT.toSeconds() + " s");
            }
            if (process.exitValue() != 0 && (expectedFile == null || !Files.isRegularFile(expectedFile))) {
                throw new IOException("chromium exited with " + process.exitValue() + "; its log: " + log);
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            // Chromium forks renderer and utility processes: stop the ones this run started.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
