package dev.sluice.local.lambda.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of an execution environment: the managed runtime's, sized from the memory setting, with only the
 * flags the chosen JDK knows (Java 8 and 11 have none of the newer ones).
 */
final class JvmOptions {

    /** The first JDK that warns about native access and {@code sun.misc.Unsafe} unless told (JEP 472, JEP 498). */
    static final int QUIET_NATIVE_ACCESS_FEATURE = 24;

    private JvmOptions() {
    }

    /** The options before the class path, for a function of {@code memoryMb} on {@code jdk}. */
    static List<String> of(int memoryMb, FunctionJdk jdk) {
        // Sized from the memory setting as the managed runtime does (85% heap, 10% metaspace, 5% code cache), with
        // floors so that framework boot (Quarkus) does not run out of metaspace at small memory settings.
        long heapKb = memoryMb * 1024L * 85 / 100;
        // The managed runtime sets only the maximum heap, so the JVM starts with 1/64 of the sandbox's memory; here
        // the default would be 1/64 of the host's (hundreds of MB), all of it touched before the first collection.
        long initialHeapKb = Math.max(memoryMb * 1024L / 64, 8 * 1024);
        long metaspaceKb = Math.max(memoryMb * 1024L / 10, 128 * 1024);
        long codeCacheKb = Math.max(memoryMb * 1024L * 5 / 100, 32 * 1024);
        // Every JDK from 8 on knows these.
        List<String> options = new ArrayList<>(List.of(
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xms" + initialHeapKb + "k", "-Xmx" + heapKb + "k",
                "-XX:MaxMetaspaceSize=" + metaspaceKb + "k", "-XX:ReservedCodeCacheSize=" + codeCacheKb + "k",
                "-Djava.net.preferIPv4Stack=true"));
        if (jdk.feature() >= QUIET_NATIVE_ACCESS_FEATURE) {
            // JDK 24+ warns on every start when the RIC loads its JNI library (JEP 472) and when libraries use
            // sun.misc.Unsafe (JEP 498); the managed runtimes print neither. The AOT cache records these module
            // options, so training, create step and use all pass them (a dynamic CDS archive would report a mismatch
            // with the JDK's base archive, hence the AOT cache on 24+). Older launchers refuse unknown -- options.
            options.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        return options;
    }
}
