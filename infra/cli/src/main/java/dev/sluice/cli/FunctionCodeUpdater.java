package dev.sluice.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Changes functions' code through the Lambda API of the local cloud, as any client would: UpdateFunctionCode. New
 * invocations then start environments on the new code, invocations in flight finish on the old one, and the new
 * version gets its own class-data archive (local/LAMBDA.md).
 *
 * <p>The zip goes as {@code ZipFile}, AWS's own way for packages up to {@value #ZIP_FILE_LIMIT_MB} MB: the bytes sent
 * are the bytes that were checked to be a complete zip, whatever the build does to the file next. A larger zip is
 * copied to a snapshot file and given by path ({@code S3Bucket hot-reload}, the local stand-in for an S3 upload);
 * folders are always given by path.
 */
final class FunctionCodeUpdater implements AutoCloseable {

    /** AWS's limit for a zip uploaded directly (larger ones go through S3). */
    static final int ZIP_FILE_LIMIT_MB = 50;
    private static final String HOT_RELOAD = "hot-reload";

    private final LambdaClient lambda;
    private final Path snapshots;
    private final ExecutorService parallel = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "sluice-code-update");
        thread.setDaemon(true);
        return thread;
    });

    /** @param snapshots where zips over the ZipFile limit are copied before the local cloud reads them */
    FunctionCodeUpdater(URI endpoint, String region, Path snapshots) {
        this.lambda = LambdaClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2)))
                .build();
        this.snapshots = snapshots;
    }

    /**
     * Gives every function in {@code functions} the zip, all at once.
     *
     * @return the functions that failed, with the reason; empty when all were updated
     */
    Map<String, String> updateZip(List<String> functions, byte[] zip, String sha256) {
        Path snapshot = null;
        try {
            if (zip.length > ZIP_FILE_LIMIT_MB * 1024L * 1024L) {
                snapshot = Files.createDirectories(snapshots).resolve(sha256.substring(0, 16) + ".zip");
                Files.write(snapshot, zip);
            }
            Path path = snapshot;
            return inParallel(functions, function -> {
                if (path == null) {
                    lambda.updateFunctionCode(b -> b.functionName(function).zipFile(SdkBytes.fromByteArrayUnsafe(zip)));
                } else {
                    lambda.updateFunctionCode(b -> b.functionName(function).s3Bucket(HOT_RELOAD).s3Key(path.toString()));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + snapshot, e);
        } finally {
            if (snapshot != null) {
                try {
                    Files.deleteIfExists(snapshot); // the local cloud has unpacked it
                } catch (IOException e) {
                    // left for the next local up to overwrite
                }
            }
        }
    }

    /** Gives {@code function} the code in {@code folder}, used in place. */
    Map<String, String> updateFolder(String function, Path folder) {
        return inParallel(List.of(function), name -> lambda.updateFunctionCode(b -> b.functionName(name)
                .s3Bucket(HOT_RELOAD).s3Key(folder.toAbsolutePath().toString())));
    }

    private interface Update {
        void apply(String function);
    }

    private Map<String, String> inParallel(List<String> functions, Update update) {
        Map<String, Future<?>> running = new LinkedHashMap<>();
        for (String function : functions) {
            running.put(function, parallel.submit(() -> update.apply(function)));
        }
        Map<String, String> failures = new LinkedHashMap<>();
        List<String> interrupted = new ArrayList<>();
        running.forEach((function, future) -> {
            try {
                future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                failures.put(function, cause instanceof SdkException ? cause.getMessage() : String.valueOf(cause));
            } catch (InterruptedException e) {
                interrupted.add(function);
            }
        });
        if (!interrupted.isEmpty()) {
            Thread.currentThread().interrupt();
            interrupted.forEach(function -> failures.put(function, "interrupted"));
        }
        return failures;
    }

    @Override
    public void close() {
        parallel.shutdownNow();
        lambda.close();
    }
}
