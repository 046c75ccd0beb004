package dev.sluice.local.lambda.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandlerCheckTest {

    @TempDir
    Path task;

    @Test
    void classAtTheRootIsFound() throws IOException {
        Files.createDirectories(task.resolve("com/example"));
        Files.write(task.resolve("com/example/Handler.class"), new byte[] {1});

        assertThat(HandlerCheck.problem(task, "com.example.Handler::handleRequest")).isEmpty();
        assertThat(HandlerCheck.problem(task, "com.example.Handler")).isEmpty();
    }

    @Test
    void classInALibraryJarIsFound() throws IOException {
        Files.createDirectories(task.resolve("lib"));
        try (OutputStream out = Files.newOutputStream(task.resolve("lib/runtime.jar"));
             JarOutputStream jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry("io/quarkus/funqy/lambda/FunqyStreamHandler.class"));
            jar.write(1);
            jar.closeEntry();
        }

        assertThat(HandlerCheck.problem(task, "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest")).isEmpty();
    }

    @Test
    void missingClassIsNamedWithWhereItWasLookedFor() {
        assertThat(HandlerCheck.problem(task, "com.example.Missing::handleRequest")).hasValueSatisfying(message ->
                assertThat(message).contains("com.example.Missing", "com/example/Missing.class", "lib/*.jar",
                        "Runtime.BadFunctionCode"));
    }
}
