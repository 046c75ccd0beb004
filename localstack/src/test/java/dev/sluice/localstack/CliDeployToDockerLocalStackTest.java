package dev.sluice.localstack;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CliOnLocalStack} with LocalStack in Docker (Testcontainers; {@link DockerLocalStack} says which image and
 * network): {@code sluice deploy --target localstack --stack messaging}, {@code send} and {@code status} as a user
 * runs them against the container. The functions stack is not deployed: see {@link DockerLocalStackTest}.
 */
@ExtendWith(DockerLocalStack.Availability.class)
class CliDeployToDockerLocalStackTest extends CliOnLocalStack {

    @Override
    RunningLocalStack startLocalStack() throws Exception {
        return DockerLocalStack.start();
    }
}
