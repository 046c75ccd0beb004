package dev.sluice.local.lambda;

import java.io.IOException;
import java.io.InputStream;
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
record FunctionCode(Path taskRoot, String sha256, long size) {

    /** Unpacks zip bytes (idempotent: the same bytes reuse the same folder). */
    static FunctionCode fromZip(byte[] zip, Path workDir, String functionName) throws IOException, LambdaException {
        byte[] digest = sha256(zip);
        String folder = HexFormat.of().formatHex(digest, 0, 12);
        Path task = workDir.resolve("functions").resolve(functionName).resolve(folder).resolve("task");
        if (!Files.isDirectory(task)) {
            Path staging = Files.createDirectories(task.getParent()).resolve("task-" + System.nanoTime());
            unzip(zip, staging);
            try {
                Files.move(staging, task, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                deleteTree(staging); // another upload of the same bytes won
            }
        }
        return new FunctionCode(task, Base64.getEncoder().encodeToString(digest), zip.length);
    }

    /** LocalStack's hot-reload convention: S3Bucket "hot-reload", S3Key an absolute path of a zip or a folder. */
    static FunctionCode fromLocalPath(String path, Path workDir, String functionName)
            throws IOException, LambdaException {
        Path local = Path.of(path);
        if (!local.isAbsolute() || !Files.exists(local)) {
            throw LambdaException.invalidParameter(
                    "Code.S3Key must be an absolute path of a .zip or a folder for S3Bucket hot-reload (given " + path + ")");
        }
        if (Files.isDirectory(local)) {
            byte[] digest = sha256(local.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
            return new FunctionCode(local, Base64.getEncoder().encodeToString(digest), 0);
        }
        return fromZip(Files.readAllBytes(local), workDir, functionName);
    }

    private static void unzip(byte[] zip, Path target) throws IOException, LambdaException {
        Files.createDirectories(target);
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries++;
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw LambdaException.invalidParameter("Code.ZipFile entry escapes the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    copy(in, out);
                }
            }
        }
        if (entries == 0) {
            deleteTree(target);
            throw LambdaException.invalidParameter("Code.ZipFile is not a zip file or is empty");
        }
    }

    private static void copy(InputStream in, Path out) throws IOException {
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
    }

    static void deleteTree(Path root) throws IOException {
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
