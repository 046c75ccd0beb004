package dev.sluice.cli;

import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.template.CloudAssembly;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.DeployedResource;
import dev.sluice.local.template.ResourceStatus;
import dev.sluice.local.template.TemplateDeployer;
import dev.sluice.local.template.TemplateException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code sluice local up --watch}: keeps the running local cloud on the project's latest code.
 * <ul>
 *   <li>Build outputs that are functions' code ({@link CodeOrigins}) are polled; a new complete version goes to every
 *   function using it through UpdateFunctionCode ({@link FunctionCodeUpdater}), one line per reload.</li>
 *   <li>Sources ({@link WatchGlobs}, {@link SourceWatch}) changing run cdk.json's build command after a quiet spell
 *   ({@link BuildSchedule}), then its outputs are reloaded at once. A failed build prints why and changes nothing.</li>
 *   <li>After each build the app is synthesized again: stacks whose templates changed (asset hashes aside) are
 *   redeployed into the running cloud; functions whose asset changed and that no build output covered (folder assets,
 *   zips the app makes itself) get the new asset as their code.</li>
 * </ul>
 * All of it runs on one thread, so builds, reloads and redeploys never overlap.
 */
final class ProjectWatch implements AutoCloseable {

    /** Sources quiet for this long after a change start a build; an output unchanged this long is complete. */
    static final Duration SETTLE = Duration.ofMillis(300);
    private static final long POLL_MILLIS = 100;
    private static final int TAIL_LINES = 20;
    /** CDK asset hashes (and the asset.<hash> names made of them): a new build changes them and nothing else. */
    private static final Pattern ASSET_HASH = Pattern.compile("[0-9a-f]{64}");

    private final Project project;
    private final Map<String, String> context;
    private final boolean build;
    private final CloudContext cloud;
    private final Consumer<List<DeployResult>> redeployed;
    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputTail tail;
    private final PrintWriter tailWriter;
    private final FunctionCodeUpdater updater;
    private final BuildSchedule schedule = new BuildSchedule(SETTLE);
    private final Map<Path, String> assetIds = new HashMap<>();
    /** Each function's code as last deployed: the zip's SHA-256, or "folder:" and the folder's path. */
    private final Map<String, String> deployedCode = new HashMap<>();
    private final Thread thread;
    private List<DeployResult> results;
    private Map<String, String> templates;
    private List<BuildOutput> outputs = List.of();
    private SourceWatch sources;
    private volatile Process running;
    private volatile boolean closed;

    /**
     * @param app        {@code -c} values for synthesis, and whether to run cdk.json's build command on source
     *                   changes (--no-build: only outputs are watched)
     * @param cloud      the running local cloud
     * @param assembly   the cloud assembly deployed by {@code local up}
     * @param results    what deploying it did
     * @param workDir    the local cloud's work folder
     * @param redeployed told about every redeploy (the autoscaler reads mapping settings from it)
     */
    ProjectWatch(Project project, AppOptions app, CloudContext cloud, Path workDir, CloudAssembly assembly,
                 List<DeployResult> results, Consumer<List<DeployResult>> redeployed, PrintWriter out,
                 PrintWriter err, boolean verbose) {
        this.project = project;
        this.context = Map.copyOf(app.context);
        this.build = !app.noBuild;
        this.cloud = cloud;
        this.redeployed = redeployed;
        this.out = out;
        this.err = err;
        this.tail = new OutputTail(TAIL_LINES, verbose ? err : null);
        this.tailWriter = tail.writer();
        this.updater = new FunctionCodeUpdater(cloud.endpoint(), cloud.region(), workDir.resolve("watch"));
        this.results = List.copyOf(results);
        this.templates = templates(assembly);
        this.thread = DaemonThreads.factory("sluice-watch").newThread(this::run);
        List<CodeOrigins.FunctionAsset> assets = CodeOrigins.assets(assembly, results);
        assets.forEach(asset -> deployedCode.put(asset.function(), codeId(asset)));
        mapOutputs(assets, true);
    }

    /** Starts watching: prints what is watched, then reloads and builds in the background until {@link #close()}. */
    void start() throws IOException {
        if (build) {
            Path assembly = project.cloudAssembly().toAbsolutePath().normalize();
            WatchGlobs globs = WatchGlobs.of(project.watch(), assembly.startsWith(project.root())
                    ? project.root().relativize(assembly).toString().replace('\\', '/') : null);
            sources = new SourceWatch(project.root(), globs, message -> err.println("watch: " + message));
            String configured = project.watch().isMissingNode() ? "every file but build outputs and hidden ones"
                    : "cdk.json watch: " + project.watch();
            String action = project.build().map(command -> "runs the build (" + command + "), then synthesizes")
                    .orElse("synthesizes (cdk.json has no build command)");
            out.println("Watching sources in " + sources.folders() + " folders (" + configured + "); a change "
                    + action + ".");
        } else {
            out.println("Watching build outputs only (--no-build): rebuild the project yourself.");
        }
        out.flush();
        thread.start();
    }

    /** Nothing pending: no build running, and none waiting for changes seen so far (for tests). */
    boolean idle() {
        return schedule.idle();
    }

    private void run() {
        Set<String> changes = new LinkedHashSet<>();
        while (!closed) {
            try {
                long untilDue = schedule.nanosUntilDue(System.nanoTime());
                long wait = untilDue < 0 ? POLL_MILLIS : Math.min(POLL_MILLIS, (untilDue + 999_999) / 1_000_000);
                List<String> changed = sources == null ? sleep(wait) : sources.poll(wait);
                if (!changed.isEmpty()) {
                    schedule.changed(System.nanoTime());
                    changes.addAll(changed);
                }
                if (schedule.due(System.nanoTime())) {
                    schedule.started();
                    List<String> why = List.copyOf(changes);
                    changes.clear();
                    try {
                        rebuild(why);
                    } finally {
                        // what changed during the build is queued before the build counts as over
                        List<String> during = sources == null || closed ? List.of() : sources.poll(0);
                        if (!during.isEmpty()) {
                            schedule.changed(System.nanoTime());
                            changes.addAll(during);
                        }
                        schedule.finished();
                    }
                }
                reloadOutputs(false, 0);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException | IOException e) {
                if (!closed) {
                    say(err, "watch: " + (e.getMessage() != null ? e.getMessage() : e.toString())
                            + " (still watching)");
                }
            }
        }
    }

    private static List<String> sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return List.of();
    }

    /** Build (when the project has a build command), reload what it wrote, synthesize, redeploy what changed. */
    private void rebuild(List<String> why) throws IOException {
        // Editors and tools write through temporary files: name one that is still there.
        String first = why.stream().filter(path -> Files.exists(project.root().resolve(path))).findFirst()
                .orElse(why.get(0));
        String reason = first + (why.size() > 1 ? " and " + (why.size() - 1) + " more" : "");
        String command = project.build().orElse(null);
        if (command == null) {
            say(out, reason + " changed: synthesizing");
            resynthesize();
            return;
        }
        say(out, reason + " changed: building (" + command + ")");
        tail.clear();
        long started = System.nanoTime();
        int exit;
        try {
            exit = ShellCommand.run(command, project.root(), Map.of(), tailWriter, process -> running = process);
        } catch (CommandFailure e) {
            say(err, "build failed: " + e.getMessage() + "; the old code keeps running");
            return;
        } finally {
            running = null;
        }
        if (closed) {
            return;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            StringBuilder message = new StringBuilder(String.format(
                    "build failed in %.1f s: '%s' exited with code %d; the old code keeps running.", seconds, command,
                    exit));
            List<String> last = tail.lines();
            message.append(last.isEmpty() ? " It printed nothing." : " Its last lines:");
            last.forEach(line -> message.append(System.lineSeparator()).append("  | ").append(line));
            say(err, message.toString());
            return;
        }
        new BuildStamp(project, command).record();
        say(out, String.format("built in %.1f s", seconds));
        reloadOutputs(true, System.currentTimeMillis());
        resynthesize();
    }

    /**
     * New complete versions of the watched build outputs go to their functions.
     *
     * @param afterBuild  the build that wrote them has just ended (no need to wait for them to settle)
     * @param buildEnded  when it ended (wall clock), for the reload's timing
     */
    private void reloadOutputs(boolean afterBuild, long buildEnded) throws IOException {
        for (BuildOutput output : outputs) {
            BuildOutput.Version version = output.poll(SETTLE, afterBuild, () -> say(err, output.name()
                    + " changed but is not a complete zip; the old code keeps running"));
            if (version == null) {
                continue;
            }
            List<String> stale = output.functions().stream()
                    .filter(function -> !version.sha256().equals(deployedCode.get(function))).toList();
            if (stale.isEmpty()) {
                continue; // rebuilt byte for byte
            }
            long noticed = System.currentTimeMillis();
            long written = Math.max(version.writtenMillis(), buildEnded);
            long started = System.nanoTime();
            Map<String, String> failures = updater.updateZip(stale, version.bytes(), version.sha256());
            double updateSeconds = (System.nanoTime() - started) / 1e9;
            double noticedSeconds = Math.max(0, noticed - written) / 1e3;
            reported(stale, failures, version.sha256(), output.name(), String.format(" in %.2f s (noticed after %.2f"
                    + " s, updated in %.2f s)", noticedSeconds + updateSeconds, noticedSeconds, updateSeconds));
        }
    }

    private void reported(List<String> functions, Map<String, String> failures, String codeId, String from,
                          String timing) {
        List<String> reloaded = functions.stream().filter(function -> !failures.containsKey(function)).toList();
        reloaded.forEach(function -> deployedCode.put(function, codeId));
        if (!reloaded.isEmpty()) {
            say(out, "reloaded " + String.join(", ", reloaded) + " from " + from + timing);
        }
        failures.forEach((function, why) -> say(err, "reloading " + function + " from " + from + " failed: " + why
                + "; its old code keeps running"));
    }

    /** Synthesizes the app again; redeploys when a template changed; gives changed assets to their functions. */
    private void resynthesize() {
        tail.clear();
        long started = System.nanoTime();
        CloudAssembly next;
        try {
            next = new CdkApp(project, tailWriter).synth(context, false);
        } catch (CommandFailure e) {
            StringBuilder message = new StringBuilder(e.getMessage()
                    + "; the deployed stacks keep running. Its last lines:");
            tail.lines().forEach(line -> message.append(System.lineSeparator()).append("  | ").append(line));
            say(err, message.toString());
            return;
        }
        Map<String, String> nextTemplates = templates(next);
        List<String> changed = changedStacks(templates, nextTemplates);
        say(out, String.format("synthesized in %.1f s: %s", (System.nanoTime() - started) / 1e9, changed.isEmpty()
                ? "no template changed (asset hashes aside)" : "redeploying (templates changed: "
                + String.join(", ", changed) + ")"));
        if (!changed.isEmpty() && !redeploy(next)) {
            return;
        }
        templates = nextTemplates;
        List<CodeOrigins.FunctionAsset> assets = CodeOrigins.assets(next, results);
        Map<Path, List<String>> staleByAsset = new LinkedHashMap<>();
        for (CodeOrigins.FunctionAsset asset : assets) {
            if (!codeId(asset).equals(deployedCode.get(asset.function()))) {
                staleByAsset.computeIfAbsent(asset.asset(), a -> new ArrayList<>()).add(asset.function());
            }
        }
        staleByAsset.forEach((asset, functions) -> {
            long updateStarted = System.nanoTime();
            Map<String, String> failures = new LinkedHashMap<>();
            String id = assetIds.get(asset);
            if (Files.isDirectory(asset)) {
                functions.forEach(function -> failures.putAll(updater.updateFolder(function, asset)));
            } else {
                try {
                    failures.putAll(updater.updateZip(functions, Files.readAllBytes(asset), id));
                } catch (IOException e) {
                    functions.forEach(function -> failures.put(function, "cannot read " + asset + ": " + e.getMessage()));
                }
            }
            reported(functions, failures, id, relativeToProject(asset) + " (its asset in the new synthesis)",
                    String.format(" in %.2f s", (System.nanoTime() - updateStarted) / 1e9));
        });
        mapOutputs(assets, false);
    }

    /** Redeploys every stack of {@code next}; false when that failed. */
    private boolean redeploy(CloudAssembly next) {
        long started = System.nanoTime();
        List<DeployResult> deployed;
        try (TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), cloud.region(),
                line -> say(err, "  " + line))) {
            deployed = deployer.deployCloudAssembly(next.directory());
        } catch (TemplateException | SdkException e) {
            say(err, "redeploying failed: " + e.getMessage() + "; stacks deployed before it stay as they are, in part"
                    + " updated");
            return false;
        }
        results = List.copyOf(deployed);
        redeployed.accept(results);
        List<String> created = new ArrayList<>();
        for (DeployResult result : deployed) {
            for (DeployedResource resource : result.withStatus(ResourceStatus.CREATED)) {
                created.add(result.stackName() + "/" + LocalCommand.Up.shorten(resource.logicalId()));
            }
        }
        // The deployer updated each function's code where it differed: what runs now is the assembly's assets.
        CodeOrigins.assets(next, results).forEach(asset -> deployedCode.put(asset.function(), codeId(asset)));
        say(out, String.format("redeployed %s in %.1f s%s",
                String.join(", ", deployed.stream().map(DeployResult::stackName).toList()),
                (System.nanoTime() - started) / 1e9, created.isEmpty() ? "" : " (new: " + String.join(", ", created) + ")"));
        return true;
    }

    /** The build outputs to watch for these assets (the ones already watched keep their state). */
    private void mapOutputs(List<CodeOrigins.FunctionAsset> assets, boolean report) {
        Set<Path> skip = Set.of(project.cloudAssembly().toAbsolutePath().normalize(), project.workDir());
        Map<Path, List<String>> found = CodeOrigins.buildOutputs(project.root(), skip, assets);
        Map<Path, BuildOutput> previous = new HashMap<>();
        outputs.forEach(output -> previous.put(output.file(), output));
        List<BuildOutput> next = new ArrayList<>();
        found.forEach((file, functions) -> {
            BuildOutput known = previous.get(file);
            next.add(known != null && known.functions().equals(functions) ? known
                    : new BuildOutput(file, relativeToProject(file), functions));
        });
        outputs = List.copyOf(next);
        if (!report) {
            return;
        }
        for (BuildOutput output : outputs) {
            out.println("Watching " + output.name() + ": the code of " + String.join(", ", output.functions()) + ".");
        }
        Set<String> covered = new LinkedHashSet<>();
        outputs.forEach(output -> covered.addAll(output.functions()));
        for (CodeOrigins.FunctionAsset asset : assets) {
            if (!covered.contains(asset.function())) {
                out.println("No build output is byte-identical to " + asset.function() + "'s code "
                        + relativeToProject(asset.asset()) + ": it is reloaded when a build's synthesis changes it.");
            }
        }
    }

    /** A function's code as deployed from an asset: the zip's SHA-256 or the folder. */
    private String codeId(CodeOrigins.FunctionAsset asset) {
        return assetIds.computeIfAbsent(asset.asset(), path -> Files.isDirectory(path)
                ? "folder:" + path.toAbsolutePath() : CodeOrigins.sha256(path));
    }

    /** Each stack's template (by artifact id) with the CDK's asset hashes masked. */
    private static Map<String, String> templates(CloudAssembly assembly) {
        Map<String, String> texts = new TreeMap<>();
        for (CloudAssembly.Stack stack : assembly.stacks()) {
            try {
                String text = Files.readString(stack.template(), StandardCharsets.UTF_8);
                texts.put(stack.id(), ASSET_HASH.matcher(text).replaceAll("<asset-hash>"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + stack.template(), e);
            }
        }
        return texts;
    }

    static List<String> changedStacks(Map<String, String> before, Map<String, String> after) {
        Set<String> ids = new LinkedHashSet<>(after.keySet());
        ids.addAll(before.keySet());
        return ids.stream().filter(id -> !Objects.equals(before.get(id), after.get(id))).toList();
    }

    private String relativeToProject(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(project.root()) ? project.root().relativize(absolute).toString() : absolute.toString();
    }

    private static void say(PrintWriter writer, String line) {
        writer.println(line);
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        Process build = running;
        if (build != null) {
            build.descendants().forEach(ProcessHandle::destroy);
            build.destroy();
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sources != null) {
            sources.close();
        }
        updater.close();
    }
}
