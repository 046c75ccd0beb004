package dev.sluice.local.lambda.runtime;

import dev.sluice.local.edge.AwsError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's code unpacked once per code version under {@code <workDir>/functions/<name>/<sha>/task}, or (hot
 * reload) a local folder used in place so that new environments see the latest build.
 *
 * @param sha256 base64 of the SHA-256 of the zip, as AWS reports {@code CodeSha256}
 */
public record FunctionCode(Path taskRoot, String sha256, long size) {

    /** AWS's quota on a function's unpacked code ("Unzipped size must be smaller than 262144000 bytes"). */
    static final long MAX_UNZIPPED_BYTES = 262_144_000L;
    /**
     * Not an AWS quota (AWS documents none on entries): each entry costs a file or folder on this disk, and a zip of
     * millions of empty entries passes any size check. A Java function has a few hundred entries (classes, config,
     * {@code lib/*.jar}); 100,000 leaves room for unpacked dependency trees and still bounds the inodes one upload
     * can use.
     */
    static final int MAX_ENTRIES = 100_000;

    /** Held while code folders are made or deleted, so that a deletion never removes a folder a new upload reuses. */
    static final Object FOLDERS = new Object();

    /** Unpacks zip bytes (idempotent: the same bytes reuse the same folder). */
    public static FunctionCode fromZip(byte[] zip, Path workDir, String functionName) throws IOException {
        return fromZip(zip, workDir, functionName, MAX_UNZIPPED_BYTES, MAX_ENTRIES);
    }

    /** {@link #fromZip(byte[], Path, String)} with other limits (tests). */
    public static FunctionCode fromZip(byte[] zip, Path workDir, String functionName, long maxBytes,
                                       int maxEntries)
            throws IOException {
        byte[] digest = sha256(zip);
        String folder = HexFormat.of().formatHex(digest, 0, 12);
        Path task = workDir.resolve("functions").resolve(functionName).resolve(folder).resolve("task");
        synchronized (FOLDERS) {
            unpackOnce(zip, task, functionName, maxBytes, maxEntries);
        }
        return new FunctionCode(task, Base64.getEncoder().encodeToString(digest), zip.length);
    }

    private static void unpackOnce(byte[] zip, Path task, String functionName, long maxBytes, int maxEntries)
            throws IOException {
        if (Files.isDirectory(task)) {
            // reused: marked as fresh, so that a deletion of an earlier function of this name leaves it alone
            Files.setLastModifiedTime(task, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        } else {
            Path staging = Files.createDirectories(task.getParent()).resolve("task-" + System.nanoTime());
            try {
                unzip(zip, staging, maxBytes, maxEntries);
                SdkEndpointRedirect.prepare(staging, functionName);
            } catch (IOException | RuntimeException e) {
                // A refused or broken zip leaves nothing behind: not its partial files, nor the folders made for it.
                deleteTree(staging);
                deleteIfEmpty(task.getParent());
                deleteIfEmpty(task.getParent().getParent());
                throw e;
            }
            try {
                Files.move(staging, task, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                deleteTree(staging); // another upload of the same bytes won
            }
        }
    }

    /**
     * Deletes the unpacked code versions of function {@code functionName} under {@code workDir} that {@code inUse}
     * does not name (a version's folder holds its task root and class-data archives); all of them when it names none.
     * Hot-reload folders are the user's and never under {@code workDir}, so never touched.
     *
     * @return how many versions were deleted
     */
    public static int deleteUnused(Path workDir, String functionName, java.util.function.Predicate<Path> inUse) {
        return deleteUnused(workDir, functionName, inUse, null);
    }

    /**
     * {@link #deleteUnused(Path, String, java.util.function.Predicate)}, keeping also the versions made or reused at
     * or after {@code since} (a function of the same name created again meanwhile).
     */
    public static int deleteUnused(Path workDir, String functionName, java.util.function.Predicate<Path> inUse,
                                   java.time.Instant since) {
        Path functionDir = workDir.resolve("functions").resolve(functionName);
        int deleted = 0;
        synchronized (FOLDERS) {
            if (!Files.isDirectory(functionDir)) {
                return 0;
            }
            try (var versions = Files.list(functionDir)) {
                for (Path version : versions.toList()) {
                    Path task = version.resolve("task");
                    boolean fresh = since != null && Files.isDirectory(task)
                            && !Files.getLastModifiedTime(task).toInstant().isBefore(since);
                    if (Files.isDirectory(version) && !fresh && !inUse.test(task)) {
                        AotCacheAssembly.killUnder(version); // a cache still being made there would write on
                        deleteTree(version);
                        deleted++;
                    }
                }
                deleteIfEmpty(functionDir);
            } catch (IOException | RuntimeException e) {
                // a file still open (an AOT cache step) or removed meanwhile: the next sweep tries again
            }
        }
        return deleted;
    }

    /** LocalStack's hot-reload convention: S3Bucket "hot-reload", S3Key an absolute path of a zip or a folder. */
    public static FunctionCode fromLocalPath(String path, Path workDir, String functionName)
            throws IOException {
        Path local = Path.of(path);
        if (!local.isAbsolute() || !Files.exists(local)) {
            throw AwsError.invalidParameterValue(
                    "Code.S3Key must be an absolute path of a .zip or a folder for S3Bucket hot-reload (given " + path + ")");
        }
        if (Files.isDirectory(local)) {
            SdkEndpointRedirect.checkInPlace(local, functionName);
            byte[] digest = sha256(local.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return new FunctionCode(local, Base64.getEncoder().encodeToString(digest), 0);
        }
        return fromZip(Files.readAllBytes(local), workDir, functionName);
    }

    /**
     * Unpacks entry by entry, counting the bytes actually written (an entry's declared size may lie), and stops at
     * the first byte over {@code maxBytes} or the entry after {@code maxEntries}: a zip bomb fills at
     * most that much of the disk before it is refused, and the caller deletes what was written.
     */
    private static void unzip(byte[] zip, Path target, long maxBytes, int maxEntries)
            throws IOException {
        Files.createDirectories(target);
        int entries = 0;
        long unzipped = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (++entries > maxEntries) {
                    throw AwsError.invalidParameterValue("Code.ZipFile has more than " + maxEntries
                            + " entries, the local cloud's limit on files and folders per function");
                }
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw AwsError.invalidParameterValue("Code.ZipFile entry escapes the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (OutputStream file = Files.newOutputStream(out)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        unzipped += n;
                        if (unzipped > maxBytes) {
                            throw AwsError.invalidParameterValue("Unzipped size must be smaller than "
                                    + maxBytes + " bytes");
                        }
                        file.write(buffer, 0, n);
                    }
                }
            }
        }
        if (entries == 0) {
            throw AwsError.invalidParameterValue("Code.ZipFile is not a zip file or is empty");
        }
    }

    private static void deleteIfEmpty(Path folder) {
        try {
            Files.deleteIfExists(folder);
        } catch (IOException notEmptyOrRaced) {
            // another version or upload still uses it
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
