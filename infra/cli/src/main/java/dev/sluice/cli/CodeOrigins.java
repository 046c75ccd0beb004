package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.template.CloudAssembly;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.DeployedResource;
import dev.sluice.local.template.ResourceStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the code of each deployed function came from. The CDK copies a file asset byte for byte into the cloud
 * assembly as {@code asset.<hash>.zip} (a folder asset as {@code asset.<hash>}) and names it in the function's
 * {@code Metadata aws:asset:path}; the file it copied is somewhere in the project's build output. Hashing the zip and
 * jar files under the project's {@code target/} and {@code build/} folders that have an asset's size finds it, so that
 * the build output itself can be watched.
 */
final class CodeOrigins {

    /** The folders whose zips and jars may be a function's code. */
    static final Set<String> OUTPUT_FOLDERS = Set.of("target", "build");
    /** A walk of the project stops after this many files: a huge tree is not searched to its end. */
    static final int MAX_FILES = 200_000;
    private static final String ASSET_PATH = "aws:asset:path";

    /**
     * A deployed function and the asset its code is.
     *
     * @param function the function's name in the local cloud
     * @param asset    the zip or folder in the cloud assembly
     */
    record FunctionAsset(String function, Path asset) {

        boolean folder() {
            return Files.isDirectory(asset);
        }
    }

    private CodeOrigins() {
    }

    /**
     * The deployed functions whose code is an asset of {@code assembly}, in deployment order: the asset named by each
     * function's {@code Metadata aws:asset:path} in the assembly's templates, the function's name from the results of
     * deploying those stacks (the same templates, or earlier ones that differ only in asset hashes).
     */
    static List<FunctionAsset> assets(CloudAssembly assembly, List<DeployResult> results) {
        Map<String, DeployResult> byStack = new HashMap<>();
        results.forEach(result -> byStack.put(result.stackName(), result));
        List<FunctionAsset> assets = new ArrayList<>();
        for (CloudAssembly.Stack stack : assembly.stacks()) {
            DeployResult result = byStack.get(stack.stackName());
            if (result == null) {
                continue;
            }
            Path dir = stack.template().toAbsolutePath().getParent();
            JsonNode resources = readTemplate(stack.template()).path("Resources");
            for (DeployedResource resource : result.resources()) {
                boolean live = resource.status() == ResourceStatus.CREATED || resource.status() == ResourceStatus.UPDATED;
                JsonNode path = resources.path(resource.logicalId()).path("Metadata").path(ASSET_PATH);
                if (live && resource.type().equals("AWS::Lambda::Function") && path.isTextual()) {
                    Path asset = dir.resolve(path.asText()).normalize();
                    if (Files.exists(asset)) {
                        assets.add(new FunctionAsset(resource.physicalId(), asset));
                    }
                }
            }
        }
        return assets;
    }

    private static JsonNode readTemplate(Path template) {
        try {
            return Json.MAPPER.readTree(template.toFile());
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + template + ": " + e.getMessage(), e);
        }
    }

    /**
     * The build outputs that are byte-identical to file assets, each with the functions whose code it is. Assets
     * with no such output (folders, zips the app made itself) are not in the result.
     *
     * @param skip folders not to search (the cloud assembly, Sluice's work folder)
     */
    static Map<Path, List<String>> buildOutputs(Path root, Set<Path> skip, List<FunctionAsset> assets) {
        Map<Long, Map<String, List<String>>> bySize = new HashMap<>(); // size -> sha256 -> functions
        Map<Path, String> assetHashes = new HashMap<>();
        for (FunctionAsset asset : assets) {
            if (asset.folder()) {
                continue;
            }
            String sha = assetHashes.computeIfAbsent(asset.asset(), CodeOrigins::sha256);
            bySize.computeIfAbsent(size(asset.asset()), s -> new HashMap<>())
                    .computeIfAbsent(sha, h -> new ArrayList<>()).add(asset.function());
        }
        Map<Path, List<String>> outputs = new LinkedHashMap<>();
        if (bySize.isEmpty()) {
            return outputs;
        }
        for (Path candidate : candidates(root, skip, bySize.keySet())) {
            Map<String, List<String>> sameSize = bySize.get(size(candidate)); // null if it changed meanwhile
            List<String> functions = sameSize == null ? null : sameSize.get(sha256(candidate));
            if (functions != null) {
                outputs.put(candidate, List.copyOf(functions));
            }
        }
        return outputs;
    }

    /** Zips and jars under an output folder of the project that have one of {@code sizes}, in path order. */
    private static List<Path> candidates(Path root, Set<Path> skip, Set<Long> sizes) {
        List<Path> found = new ArrayList<>();
        int[] files = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean ignored = !dir.equals(root) && (name.startsWith(".") || name.equals("node_modules")
                            || skip.contains(dir));
                    return ignored ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (++files[0] > MAX_FILES) {
                        return FileVisitResult.TERMINATE;
                    }
                    String name = file.getFileName().toString();
                    if ((name.endsWith(".zip") || name.endsWith(".jar")) && attributes.isRegularFile()
                            && sizes.contains(attributes.size()) && underOutputFolder(root.relativize(file))) {
                        found.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + root + " for build outputs", e);
        }
        found.sort(null);
        return found;
    }

    private static boolean underOutputFolder(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (OUTPUT_FOLDERS.contains(relative.getName(i).toString())) {
                return true;
            }
        }
        return false;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Hex SHA-256 of a file's bytes, or "" when it cannot be read. */
    static String sha256(Path file) {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            return "";
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
