package dev.sluice.localstack;

import dev.sluice.local.LocalCloud;
import java.nio.file.Path;

/** {@link ConformanceCases} on Sluice's local cloud (every case; a failure fails the build). */
class SluiceConformanceTest extends ConformanceCases {

    @Override
    ConformanceTarget startTarget(Path dir) {
        LocalCloud cloud = LocalCloud.builder().port(0).workDir(dir.resolve("local-cloud")).build().start();
        return new ConformanceTarget("sluice", cloud.endpoint(), true, true, cloud::close);
    }
}
