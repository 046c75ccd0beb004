package dev.sluice.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * AWS's own SAM transform, aws-sam-translator (PyPI), run as a child process: the reference the Java transform is
 * tested against. {@code ./test-setup} installs the pinned version into a virtual environment under
 * {@code ${SLUICE_CACHE:-~/.cache/sluice}}; {@code SLUICE_SAM_TRANSLATOR_PYTHON} names another Python that has it.
 */
record SamTranslator(Path python, Path script) {

    static final String VERSION = "1.115.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = "/dev/sluice/local/template/sam/sam_translate.py";

    /** The installed translator; fails (never skips) when it is missing. */
    static SamTranslator installed() {
        String configured = System.getenv("SLUICE_SAM_TRANSLATOR_PYTHON");
        Path python;
        if (configured != null && !configured.isBlank()) {
            python = Path.of(configured);
        } else {
            String cache = System.getenv("SLUICE_CACHE");
            Path root = cache != null && !cache.isBlank() ? Path.of(cache)
                    : Path.of(System.getProperty("user.home"), ".cache", "sluice");
            python = root.resolve("aws-sam-translator-" + VERSION).resolve("bin").resolve("python");
        }
        if (!Files.isExecutable(python)) {
            throw new AssertionError("aws-sam-translator " + VERSION + " is not installed (no " + python
                    + "): run ./test-setup, which installs it into a virtual environment there");
        }
        try (InputStream in = SamTranslator.class.getResourceAsStream(SCRIPT)) {
            Path script = Files.createTempFile("sam_translate", ".py");
            script.toFile().deleteOnExit();
            Files.write(script, in.readAllBytes());
            return new SamTranslator(python, script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The CloudFormation templates aws-sam-translator makes of {@code templates} (region us-east-1, no parameter
     * overrides), in one run of the translator; a template it refuses gives {@code {"error": "..."}}.
     */
    List<JsonNode> transform(List<Map<String, Object>> templates) {
        try {
            Process process = new ProcessBuilder(python.toString(), script.toString()).start();
            List<Map<String, Object>> jobs = templates.stream().map(t -> Map.<String, Object>of("template", t))
                    .toList();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(JSON.writeValueAsBytes(jobs));
            }
            byte[] stdout = process.getInputStream().readAllBytes();
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("aws-sam-translator failed: " + stderr);
            }
            List<JsonNode> results = new ArrayList<>();
            JSON.readTree(stdout).forEach(results::add);
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
