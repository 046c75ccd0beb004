package dev.sluice.cli;

import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.core.LocalClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS CDK command-line toolkit from npm ({@code cdk}, or {@code cdklocal} for LocalStack), pinned by
 * infra/cli/package.json and its lock file, installed once in the Sluice home. It deploys the cloud assembly
 * {@link CdkApp} wrote: it uploads the assets, bootstraps, and drives change sets; its output is streamed as it comes.
 */
final class CdkToolkit {

    static final String LOCALSTACK_ENDPOINT = "http://localhost:4566";

    private final Path toolkitDir;
    private final Target target;
    private final Map<String, String> environment;
    private final PrintWriter out;
    private final PrintWriter err;

    private CdkToolkit(Path toolkitDir, Target target, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        this.toolkitDir = toolkitDir;
        this.target = target;
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    static CdkToolkit of(SluiceHome home, Project project, Target target, AwsOptions aws, PrintWriter out,
            PrintWriter err) {
        Map<String, String> env = new LinkedHashMap<>(environment(target, aws, System.getenv()));
        env.putIfAbsent("CDK_HOME", toolkitHome(project, target, aws).toString());
        return new CdkToolkit(home.toolkitDir(), target, env, out, err);
    }

    /**
     * The toolkit caches the account it found for an access key in $CDK_HOME: emulators answer "test" with different
     * accounts (LocalStack 000000000000, moto 123456789012), so each target and endpoint gets a cache of its own.
     */
    static Path toolkitHome(Project project, Target target, AwsOptions aws) {
        URI endpoint = aws.endpoint();
        String name = endpoint == null ? target.name()
                : target.name() + "-" + endpoint.getHost() + "-" + endpoint.getPort();
        return project.workDir().resolve("cdk-home").resolve(name.replaceAll("[^A-Za-z0-9.-]", "_"));
    }

    /** What the toolkit process sees on top of this process's environment. Never holds real credentials. */
    static Map<String, String> environment(Target target, AwsOptions aws, Map<String, String> current) {
        Map<String, String> env = new LinkedHashMap<>();
        String region = aws.region();
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("CDK_DISABLE_VERSION_CHECK", "true");
        if (current.get("NODE_NO_WARNINGS") == null) {
            env.put("NODE_NO_WARNINGS", "1"); // the JS SDK's Node-version notice, repeated per toolkit call
        }
        URI endpoint = aws.endpoint();
        if (target == Target.localstack) {
            URI local = endpoint != null ? endpoint : URI.create(LOCALSTACK_ENDPOINT);
            int port = local.getPort() != -1 ? local.getPort() : ("https".equals(local.getScheme()) ? 443 : 80);
            env.put("AWS_ENDPOINT_URL", local.toString());
            // cdklocal refuses AWS_ENDPOINT_URL without an S3 endpoint. Path-style S3 addressing needs no DNS for
            // bucket host names (*.s3.localhost.localstack.cloud does not resolve on a machine without internet).
            if (current.get("AWS_ENDPOINT_URL_S3") == null) {
                env.put("AWS_ENDPOINT_URL_S3", local.toString());
                env.put("AWS_S3_FORCE_PATH_STYLE", "true");
            }
            env.put("EDGE_PORT", Integer.toString(port));
            env.put("LOCALSTACK_HOSTNAME", local.getHost());
            if (current.get("AWS_ACCESS_KEY_ID") == null && current.get("AWS_PROFILE") == null) {
                env.put("AWS_ACCESS_KEY_ID", LocalClients.TEST_KEY);
                env.put("AWS_SECRET_ACCESS_KEY", LocalClients.TEST_KEY);
            }
        } else if (endpoint != null) {
            env.put("AWS_ENDPOINT_URL", endpoint.toString());
        }
        return env;
    }

    /** Installs the pinned toolkit ({@code npm ci}) when its node_modules is missing. */
    void install() {
        if (Files.isExecutable(toolkitDir.resolve("node_modules/.bin/cdk"))
                && Files.isExecutable(toolkitDir.resolve("node_modules/.bin/cdklocal"))) {
            return;
        }
        err.println("sluice: installing the CDK toolkit (npm ci in " + toolkitDir + ")...");
        err.flush();
        run("npm ci", List.of("npm", "ci", "--no-audit", "--no-fund"));
    }

    void bootstrap(Path assembly, String account, String region) {
        // --app even here: a cdk.json in the toolkit's working directory would otherwise name another app.
        run("cdk bootstrap", command("bootstrap", "--app", assembly.toString(), "aws://" + account + "/" + region));
    }

    void deploy(Path assembly, List<String> stacks) {
        List<String> args = new ArrayList<>(List.of("deploy", "--app", assembly.toString(), "--require-approval", "never"));
        args.addAll(stacks.isEmpty() ? List.of("--all") : stacks);
        run("cdk deploy", command(args.toArray(String[]::new)));
    }

    void destroy(Path assembly, List<String> stacks, boolean force) {
        List<String> args = new ArrayList<>(List.of("destroy", "--app", assembly.toString()));
        if (force) {
            args.add("--force");
        }
        args.addAll(stacks.isEmpty() ? List.of("--all") : stacks);
        run("cdk destroy", command(args.toArray(String[]::new)));
    }

    private List<String> command(String... args) {
        String tool = target == Target.localstack ? "cdklocal" : "cdk";
        List<String> command = new ArrayList<>();
        command.add(toolkitDir.resolve("node_modules/.bin/" + tool).toString());
        command.addAll(List.of(args));
        command.add("--no-notices");
        return command;
    }

    private void run(String what, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(toolkitDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandFailure("cannot run " + command.get(0) + " (" + e.getMessage()
                    + "): install Node.js 20 or later and npm", e);
        }
        Thread stdout = pump(process.getInputStream(), out);
        Thread stderr = pump(process.getErrorStream(), err);
        try {
            int exit = process.waitFor();
            stdout.join();
            stderr.join();
            if (exit != 0) {
                throw new CommandFailure(what + " failed (exit code " + exit + "); its output is above");
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new CommandFailure(what + " interrupted", e);
        }
    }

    private static Thread pump(InputStream from, PrintWriter to) {
        return DaemonThreads.start("cdk-output", () -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (to) {
                        to.println(line);
                        to.flush();
                    }
                }
            } catch (IOException ignored) {
                // the process ended; what it wrote is already out
            }
        });
    }
}
