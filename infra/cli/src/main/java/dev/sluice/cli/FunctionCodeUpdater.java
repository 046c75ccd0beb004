package dev.sluice.cli;

import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.core.LocalClients;
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
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Changes functions' code through the Lambda API of the local cloud, as any client would: UpdateFunctionCode. New
 * invocations then start environments on the new code, invocations in flight finish on the old one, and the new
 * version gets its own class-data archive (local/LAMBDA.md).
 *
 * <p>The zip is given by path ({@code S3Bucket hot-reload}, {@code S3Key} a file), as the template deployer gives every
 * function its code, not as {@code ZipFile}: a Quarkus function.zip is tens of MB, which as base64 in a JSON body costs
 * a second of CPU on a small machine and exceeds the JSON string limit of the local Lambda API (20 million characters,
 * a zip of about 15 MB; AWS takes up to 50 MB, larger ones through S3). The path is a snapshot of the bytes that were
 * checked to be a complete zip, whatever the build does to its output next; the local cloud unpacks it during the call,
 * then it is deleted. Folders are given in place.
 */
final class FunctionCodeUpdater implements AutoCloseable {

    private static final String HOT_RELOAD = "hot-reload";

    private final LambdaClient lambda;
    private final Path snapshots;
    private final ExecutorService parallel = Executors.newFixedThreadPool(4, DaemonThreads.factory("sluice-code-update"));

    /** @param snapshots where zips are copied for the local cloud to read */
    FunctionCodeUpdater(URI endpoint, String region, Path snapshots) {
        this.lambda = LambdaClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(LocalClients.CREDENTIALS)
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
        Path snapshot = snapshots.resolve(sha256.substring(0, 16) + ".zip");
        try {
            Files.createDirectories(snapshots);
            Files.write(snapshot, zip);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + snapshot, e);
        }
        try {
            return inParallel(functions, function -> lambda.updateFunctionCode(b -> b.functionName(function)
                    .s3Bucket(HOT_RELOAD).s3Key(snapshot.toAbsolutePath().toString())));
        } finally {
            try {
                Files.deleteIfExists(snapshot); // unpacked by the local cloud during the call
            } catch (IOException e) {
                // the next reload of the same bytes overwrites it
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
