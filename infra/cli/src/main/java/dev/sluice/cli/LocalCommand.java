package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.CloudContext;
import dev.sluice.local.lambda.runtime.StartSlots;
import dev.sluice.local.scaling.Autoscaler;
import dev.sluice.local.scaling.ScalingProfile;
import dev.sluice.local.scaling.ScalingSettings;
import dev.sluice.local.status.SluiceService;
import dev.sluice.local.template.CloudAssembly;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.DeployedResource;
import dev.sluice.local.template.ResourceStatus;
import dev.sluice.local.template.TemplateDeployer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sluice local ...}: the local cloud. */
@Command(name = "local", mixinStandardHelpOptions = true,
        header = "Run the whole system on this machine: SQS, EventBridge and Lambda, no Docker.",
        subcommands = {LocalCommand.Up.class, CommandLine.HelpCommand.class})
public class LocalCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'sluice local up'");
    }

    /** {@code sluice local up}: start the local cloud, deploy the app (or given templates), run until Ctrl-C. */
    @Command(name = "up", mixinStandardHelpOptions = true,
            header = "Start the local cloud, deploy the app into it and keep it running until Ctrl-C.",
            description = {
                    "By default synthesizes the project's CDK app (the folder holding cdk.json,",
                    "here or above; its build command runs first when the project changed) and",
                    "deploys its stacks; in a SAM project (template.yaml, no cdk.json) deploys",
                    "its template as --template does. With --template, deploys the given",
                    "CloudFormation or SAM templates (JSON or YAML) instead; a Java function's",
                    "code is a zip or folder named by Metadata aws:asset:path or SAM's CodeUri,",
                    "relative to the template; a SAM template.yaml uses sam build's output and",
                    "samconfig.toml when present.",
                    "Queue depth drives each SQS event source mapping's environments: settings",
                    "come from the mapping's Metadata sluice:scaling, overridden by --scaling",
                    "(see docs/SCALING.md).",
                    "With --watch, the local cloud follows the project. A rebuilt function zip",
                    "(the build output the CDK copied into cdk.out) becomes the code of the",
                    "functions using it (UpdateFunctionCode: new invocations start on it, running",
                    "ones finish on the old code), one line per reload. A changed source",
                    "(cdk.json watch.include/exclude, else every file but build outputs) runs the",
                    "build command, reloads what it wrote, synthesizes again and redeploys stacks",
                    "whose templates changed. A failed build says why; the old code keeps running."})
    static final class Up extends SluiceCommand {

        static final int MAX_RATE = 1000;
        static final int DEFAULT_RATE = 20;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "4566",
                description = "Port of the edge endpoint on 127.0.0.1 (0 picks a free one). Default: ${DEFAULT-VALUE}.")
        int port;

        @Option(names = "--template", paramLabel = "FILE",
                description = "Deploy this CloudFormation template (JSON or YAML) instead of the CDK app; repeatable,"
                        + " deployed in the order given.")
        List<Path> templates = new ArrayList<>();

        @Option(names = "--cdk-out", paramLabel = "DIR",
                description = "Deploy this existing cloud assembly (a cdk.out folder) instead of synthesizing.")
        Path cdkOut;

        @Option(names = "--no-deploy", description = "Start the local cloud empty.")
        boolean noDeploy;

        @Mixin
        AppOptions app;

        @Option(names = "--demo", description = "Send the project's sample traffic (cdk.json: \"sluice\": {\"demo\":"
                + " {\"events\": FILE, \"rate\": N}}) and print live counts every second.")
        boolean demo;

        @Option(names = "--rate", paramLabel = "N",
                description = "Events per second for --demo (1-" + MAX_RATE + "). Default: the project's demo rate,"
                        + " else " + DEFAULT_RATE + ".")
        Integer rate;

        @Option(names = "--region", paramLabel = "REGION", defaultValue = CloudContext.DEFAULT_REGION,
                description = "Region in ARNs and queue URLs. Default: ${DEFAULT-VALUE}.")
        String region;

        @Option(names = "--scaling", paramLabel = "[FUNCTION:]KEY=VALUE",
                description = "Override an autoscaler setting for every event source mapping, or with FUNCTION: for"
                        + " that function's mappings only; repeatable, e.g. --scaling maximum=20 --scaling"
                        + " myFunction:minimum=1. Keys: ${sluice.scaling.keys}.")
        Map<String, String> scaling = new LinkedHashMap<>();

        @Option(names = "--scaling-profile", paramLabel = "[FUNCTION:]local|aws",
                description = "How SQS event source mappings scale: local (Sluice's autoscaler, the default) or aws"
                        + " (Lambda's documented scaling: standard mode 5 batches, +300 per minute, up to"
                        + " MaximumConcurrency; provisioned mode with ProvisionedPollerConfig; status shows AWS's"
                        + " count, at most --aws-local-cap of them run here). With FUNCTION: for that function's"
                        + " mappings only; repeatable. FUNCTION:PROFILE wins over a mapping's template metadata"
                        + " (sluice:scaling profile), which wins over the run-wide PROFILE.")
        List<String> scalingProfiles = new ArrayList<>();

        @Option(names = "--aws-local-cap", paramLabel = "N", defaultValue = "" + Autoscaler.DEFAULT_AWS_LOCAL_CAP,
                description = "With the aws profile: most environments run locally per mapping (1-1000); a"
                        + " mapping's awsLocalCap (template metadata, --scaling) wins. Default: ${DEFAULT-VALUE}.")
        int awsLocalCap;

        @Option(names = "--allowed-origin", paramLabel = "ORIGIN", split = ",",
                defaultValue = "${env:SLUICE_ALLOWED_ORIGINS}",
                description = "Also accept browser requests from this origin (scheme://host[:port]), e.g. your web app"
                        + " in development; repeatable. Default: $SLUICE_ALLOWED_ORIGINS, else only the local cloud's"
                        + " own pages.")
        List<String> allowedOrigins = new ArrayList<>();

        @Option(names = "--allow-any-origin", defaultValue = "${env:SLUICE_ALLOW_ANY_ORIGIN}",
                description = "Accept browser requests from any web page. Any page you visit could then drive the"
                        + " local cloud and run code on this machine: only when --allowed-origin cannot list yours."
                        + " Default: $SLUICE_ALLOW_ANY_ORIGIN, else off.")
        boolean allowAnyOrigin;

        @Option(names = "--allowed-host", paramLabel = "NAME", split = ",",
                defaultValue = "${env:SLUICE_ALLOWED_HOSTS}",
                description = "Also serve requests whose Host is NAME (or *.suffix); loopback names are always served."
                        + " Default: $SLUICE_ALLOWED_HOSTS.")
        List<String> allowedHosts = new ArrayList<>();

        @Option(names = "--watch", description = "Follow the project: reload functions whose build output changed;"
                + " on source changes run the build first (not with --no-build), then synthesize and redeploy changed"
                + " stacks. Needs the project's CDK app (not --template, --cdk-out or --no-deploy).")
        boolean watch;
        @Option(names = "--persist", negatable = true,
                description = "Keep queues with their messages, functions, mappings, rules and pending events in the"
                        + " project's .sluice/local/state (every change on disk before it is answered) and start from"
                        + " what is there. --no-persist: in memory only. Default: cdk.json \"sluice\": {\"persist\":"
                        + " true}, else off.")
        Boolean persist;

        @Option(names = "--fresh", description = "With --persist: delete the kept state first and start empty.")
        boolean fresh;

        @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "10",
                description = "On Ctrl-C or SIGTERM, wait up to this long (at most each function's timeout) for"
                        + " batches and events in flight; unfinished batches go back to their queue."
                        + " Default: ${DEFAULT-VALUE}.")
        int stopTimeout;

        @Option(names = "--concurrent-inits", paramLabel = "N", defaultValue = "${env:SLUICE_CONCURRENT_INITS}",
                description = "Execution environments that start (JVM boot to ready) at once, across all functions;"
                        + " the others wait, their init budget not yet running, and SQS batches waiting so stay"
                        + " invisible. Default: $SLUICE_CONCURRENT_INITS, else the machine's cores (at least 2).")
        Integer concurrentInits;

        @Option(names = "--exit-when-ready", hidden = true,
                description = "Stop right after deploying (for scripts and tests).")
        boolean exitWhenReady;

        /** Released by {@link #stop()}; until then {@code call} keeps the local cloud running (as Ctrl-C would end it). */
        private final CountDownLatch stopRequested = new CountDownLatch(1);
        private volatile ProjectWatch projectWatch;

        /** Ends a running {@code local up} as Ctrl-C does, for callers in this JVM (tests). */
        void stop() {
            stopRequested.countDown();
        }

        /** The watcher of a running {@code local up --watch}, or null. */
        ProjectWatch projectWatch() {
            return projectWatch;
        }

        @Override
        public Integer call() throws Exception {
            validate();
            long started = System.nanoTime();
            PrintWriter out = out();
            boolean deployProject = !noDeploy && templates.isEmpty() && cdkOut == null;
            Project project = deployProject || demo ? app.project() : null;
            Path workDir = (project != null ? project.workDir() : Path.of(".sluice").toAbsolutePath()).resolve("local");
            EventTraffic traffic = demo ? demoTraffic(project) : null;
            if (deployProject && project.isSam()) {
                if (watch) {
                    throw new CommandFailure("--watch follows a CDK project's app; " + project.root()
                            + " is a SAM project (reload it with sam build and a new sluice local up)");
                }
                templates.add(project.samTemplate()); // a SAM project deploys its template, as with --template
            }
            CloudAssembly synthesized = deployProject && !project.isSam()
                    ? app.synth(project, err()) : null;
            Path assembly = synthesized != null ? synthesized.directory() : cdkOut;

            LocalCloud.Builder builder = LocalCloud.builder().port(port).region(region).workDir(workDir)
                    .allowedOrigins(allowedOrigins).allowedHosts(allowedHosts)
                    .stopTimeout(java.time.Duration.ofSeconds(stopTimeout))
                    .concurrentInits(concurrentInits == null ? StartSlots.defaultLimit() : concurrentInits)
                    .scalingProfile(profile(), awsLocalCap)
                    .onStop(line -> {
                        out.println(line);
                        out.flush();
                    });
            boolean persistent = persistent(project);
            if (fresh && !persistent) {
                throw usage("--fresh needs --persist (or \"" + Project.SETTINGS_KEY
                        + "\": {\"persist\": true} in cdk.json): without it nothing is kept");
            }
            if (persistent) {
                builder.persist(workDir.resolve("state")).freshState(fresh);
            }
            if (allowAnyOrigin) {
                builder.allowAnyOrigin();
            }
            LocalCloud cloud = builder.build();
            try {
                if (demo) {
                    quietFunctions(workDir, out);
                }
                cloud.start();
                out.println("Local cloud at " + cloud.endpoint() + " (region " + region + ")");
                cloud.stateDir().ifPresent(state -> out.println("State kept in " + state + (fresh ? " (started fresh)"
                        : " (--fresh starts empty)")));
                out.flush();
                Autoscaler autoscaler = cloud.autoscaler();
                Map<String, Map<String, String>> overrides = scalingOverrides();
                overrides.forEach((function, settings) -> {
                    if (function.isEmpty()) {
                        autoscaler.override(settings);
                    } else {
                        autoscaler.override(function, settings);
                    }
                });
                profiles().forEach((function, profile) -> {
                    if (!function.isEmpty()) {
                        autoscaler.profile(function, profile);
                    }
                });
                List<DeployResult> results = deploy(cloud, assembly, out);
                int configured = results.stream().mapToInt(autoscaler::configure).sum();
                printTable(results, out);
                long awsByMetadata = autoscaler.configuredWith(ScalingProfile.AWS);
                out.println("Autoscaler (" + profile().key() + " profile"
                        + (awsByMetadata == 0 || profile() == ScalingProfile.AWS ? ""
                                : "; aws for " + awsByMetadata + " mapping(s) by their " + Autoscaler.METADATA_KEY
                                + " metadata")
                        + "): queue depth drives every SQS event source mapping (" + configured
                        + " with " + Autoscaler.METADATA_KEY + " metadata" + (scaling.isEmpty() ? "" : ", --scaling "
                        + scaling) + "); watch it with: sluice status --watch --endpoint-url " + cloud.endpoint());
                out.println("Dashboard: " + cloud.endpoint().resolve(SluiceService.DASHBOARD_PATH));
                if (watch) {
                    ProjectWatch watcher = new ProjectWatch(project, app, CloudContext.local(cloud.endpoint(), region),
                            workDir, synthesized, results,
                            redeployed -> redeployed.forEach(autoscaler::configure), out, err(),
                            verbose.verbose);
                    cloud.closeFirst(watcher).start();
                    projectWatch = watcher;
                }
                out.printf("ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
                out.println(exitWhenReady ? "stopping (--exit-when-ready)" : "Ctrl-C stops the local cloud.");
                out.flush();
                if (traffic != null) {
                    // stopped with the cloud, on Ctrl-C too, before it
                    cloud.closeFirst(new LocalDemo(traffic, cloud, region, out, System.console() != null)).start();
                }
                if (!exitWhenReady) {
                    stopRequested.await(); // until Ctrl-C (the cloud's shutdown hook closes everything) or stop()
                }
            } finally {
                cloud.close();
            }
            return 0;
        }

        /** --persist / --no-persist, else the project's "persist" setting (also without a deploy), else off. */
        private boolean persistent(Project project) {
            if (persist != null) {
                return persist;
            }
            Project settings = project;
            if (settings == null) {
                try {
                    settings = app.project();
                } catch (CommandFailure noProject) {
                    return false;
                }
            }
            JsonNode setting = settings.setting("persist");
            if (!setting.isMissingNode() && !setting.isBoolean()) {
                throw new CommandFailure(settings.root().resolve(Project.CDK_JSON) + ": \"" + Project.SETTINGS_KEY
                        + "\".\"persist\" must be true or false (given " + setting + ")");
            }
            return setting.asBoolean(false);
        }

        /** The project's demo traffic, read before anything starts so that a bad file fails fast. */
        private EventTraffic demoTraffic(Project project) {
            JsonNode events = project.setting("demo", "events");
            if (!events.isTextual()) {
                throw new CommandFailure("--demo: " + project.root().resolve(Project.CDK_JSON) + " names no demo"
                        + " traffic: add \"" + Project.SETTINGS_KEY + "\": {\"demo\": {\"events\": \"FILE\"}}, FILE"
                        + " holding an array of PutEvents entries (each may have a Weight)");
            }
            Path file = project.root().resolve(events.asText());
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandFailure("--demo: cannot read " + file + ": " + e.getMessage(), e);
            }
            int perSecond = rate != null ? rate : project.setting("demo", "rate").asInt(DEFAULT_RATE);
            if (perSecond < 1 || perSecond > MAX_RATE) {
                throw new CommandFailure("--demo: the rate must be between 1 and " + MAX_RATE + " (given " + perSecond
                        + ")");
            }
            try {
                return new EventTraffic(EventEntries.parseWeighted(text, file.toString(),
                        new EventEntries.Defaults("default", null, null)), perSecond);
            } catch (EventEntries.InvalidEntries e) {
                throw new CommandFailure("--demo: " + e.getMessage());
            }
        }

        /**
         * The demo prints one line of outcome counts a second; thousands of function log lines would bury it, so
         * function output (which environments write to this process's stdout) goes to a file instead.
         */
        private static void quietFunctions(Path workDir, PrintWriter out) throws IOException {
            Path log = workDir.resolve("functions.log");
            Files.createDirectories(log.getParent());
            System.setOut(new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8));
            out.println("Function output goes to " + log + " during the demo (tail -f it to follow).");
        }

        private void validate() {
            if (port < 0 || port > 65535) {
                throw usage("--port must be between 0 and 65535 (given " + port + ")");
            }
            if (concurrentInits != null && concurrentInits < 1) {
                throw usage("--concurrent-inits must be at least 1 (given " + concurrentInits + ")");
            }
            if (rate != null && (rate < 1 || rate > MAX_RATE)) {
                throw usage("--rate must be between 1 and " + MAX_RATE + " (given " + rate + ")");
            }
            if (!templates.isEmpty() && cdkOut != null) {
                throw usage("--template and --cdk-out exclude each other: give one");
            }
            if (noDeploy && (!templates.isEmpty() || cdkOut != null || demo)) {
                throw usage("--no-deploy excludes --template, --cdk-out and --demo");
            }
            if (watch && (!templates.isEmpty() || cdkOut != null || noDeploy)) {
                throw usage("--watch follows the project's CDK app: it excludes --template,"
                        + " --cdk-out and --no-deploy");
            }
            if (stopTimeout < 0 || stopTimeout > 900) {
                throw usage("--stop-timeout must be between 0 and 900 seconds (given " + stopTimeout + ")");
            }
            if (rate != null && !demo) {
                throw usage("--rate needs --demo");
            }
            try {
                LocalCloud.builder().allowedOrigins(allowedOrigins);
            } catch (IllegalArgumentException e) {
                throw usage("--allowed-origin: " + e.getMessage());
            }
            try {
                LocalCloud.builder().allowedHosts(allowedHosts);
            } catch (IllegalArgumentException e) {
                throw usage("--allowed-host: " + e.getMessage());
            }
            for (Path template : templates) {
                if (!Files.isRegularFile(template)) {
                    throw usage("--template " + template + ": no such file");
                }
            }
            if (cdkOut != null && !Files.isRegularFile(cdkOut.resolve("manifest.json"))) {
                throw usage("--cdk-out " + cdkOut + ": no manifest.json there (not a cloud assembly)");
            }
            profile();
            scalingOverrides();
        }

        /**
         * The --scaling flags by function name ("" for every mapping), each checked on its own: a known key and a
         * value in its range (minimum against maximum is checked per mapping, where the maximum is known).
         */
        /** The run's profile: the last --scaling-profile without FUNCTION:, else local. */
        ScalingProfile profile() {
            if (awsLocalCap < 1 || awsLocalCap > 1000) {
                throw usage("--aws-local-cap must be between 1 and 1000 (given " + awsLocalCap + ")");
            }
            return profiles().getOrDefault("", ScalingProfile.LOCAL);
        }

        /** The --scaling-profile flags by function name ("" for every mapping); later flags win. */
        Map<String, ScalingProfile> profiles() {
            Map<String, ScalingProfile> profiles = new LinkedHashMap<>();
            for (String flag : scalingProfiles) {
                int colon = flag.lastIndexOf(':');
                String function = colon < 0 ? "" : flag.substring(0, colon).strip();
                try {
                    profiles.put(function, ScalingProfile.parse(flag.substring(colon + 1)));
                } catch (IllegalArgumentException e) {
                    throw usage("--scaling-profile " + flag + ": " + e.getMessage());
                }
            }
            return profiles;
        }

        Map<String, Map<String, String>> scalingOverrides() {
            Map<String, Map<String, String>> byFunction = new LinkedHashMap<>();
            scaling.forEach((qualifiedKey, value) -> {
                int colon = qualifiedKey.indexOf(':');
                String function = colon < 0 ? "" : qualifiedKey.substring(0, colon).strip();
                String key = qualifiedKey.substring(colon + 1).strip();
                if (colon >= 0 && function.isEmpty()) {
                    throw usage("--scaling " + qualifiedKey + "=" + value + ": the function name before ':' is empty");
                }
                if (!ScalingSettings.KEYS.contains(key)) {
                    throw usage("--scaling " + qualifiedKey + "=" + value
                            + ": unknown setting '" + key + "' (known: " + String.join(", ", ScalingSettings.KEYS) + ")");
                }
                try {
                    ScalingSettings.builder().maximum(1000).apply(Map.of(key, value)).build();
                } catch (IllegalArgumentException e) {
                    throw usage("--scaling " + qualifiedKey + "=" + value + ": "
                            + e.getMessage().replaceFirst("^Invalid scaling settings: ", ""));
                }
                byFunction.computeIfAbsent(function, f -> new LinkedHashMap<>()).put(key, value.strip());
            });
            return byFunction;
        }

        private List<DeployResult> deploy(LocalCloud cloud, Path assembly, PrintWriter out) {
            List<DeployResult> results = new ArrayList<>();
            try (TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), region, line -> {
                out.println("  " + line);
                out.flush();
            })) {
                for (Path template : templates) {
                    results.add(deployer.deploy(template));
                }
                if (assembly != null) {
                    results.addAll(deployer.deployCloudAssembly(assembly));
                }
            }
            return results;
        }

        /** A function's JDK from its deploy detail ({@code code ...; Java 25.0.3; ...}): which Java runs it locally. */
        private static String javaNote(DeployedResource r) {
            int at = r.detail() == null ? -1 : r.detail().indexOf("; Java ");
            if (!r.type().equals("AWS::Lambda::Function") || at < 0) {
                return "";
            }
            int end = r.detail().indexOf("; ", at + 2);
            return r.detail().substring(at, end < 0 ? r.detail().length() : end);
        }

        private static void printTable(List<DeployResult> results, PrintWriter out) {
            if (results.isEmpty()) {
                out.println("Nothing deployed.");
                return;
            }
            TextTable table = new TextTable("STACK", "RESOURCE", "TYPE", "STATUS", "PHYSICAL ID / NOTE");
            int notEnforced = 0;
            for (DeployResult result : results) {
                for (DeployedResource r : result.resources()) {
                    boolean live = r.status() == ResourceStatus.CREATED || r.status() == ResourceStatus.UPDATED;
                    notEnforced += live ? 0 : 1;
                    table.row(result.stackName(), shorten(r.logicalId()), r.type(), r.status().label(),
                            live ? r.physicalId() + javaNote(r) + (r.ignored().isEmpty() ? "" : "; " + r.ignoredNote())
                                    : r.detail());
                }
            }
            table.print(out);
            for (DeployResult result : results) {
                result.outputs().forEach((name, value) -> {
                    // The CDK's own cross-stack plumbing is noise here.
                    if (!name.startsWith("ExportsOutput")) {
                        out.println("output " + result.stackName() + "." + name + " = " + value);
                    }
                });
            }
            if (notEnforced > 0) {
                out.println(notEnforced + " resource(s) accepted but not enforced or skipped locally (see STATUS).");
            }
        }

        /** Long CDK logical ids (construct path plus hash) would push the table off the screen. */
        static String shorten(String logicalId) {
            return logicalId.length() <= 60 ? logicalId : logicalId.substring(0, 57) + "...";
        }
    }
}
