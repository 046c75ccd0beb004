package dev.sluice.localstack;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link MessagingStackOnLocalStack} with LocalStack in Docker (Testcontainers; {@link DockerLocalStack} says which
 * image and network): the same tests as {@link HostLocalStackTest}, so the two modes are compared test by test.
 *
 * <p>The functions run in the local cloud attached to LocalStack here too, not in LocalStack's own Lambda: LocalStack
 * runs each function in a container it starts from {@code public.ecr.aws/lambda/java:21} (and its runtime files
 * from GitHub), which the build machines cannot pull: they reach no image registry. So the functions stack is not
 * deployed into LocalStack; with Docker Hub and ECR at hand, {@code localstack/docker-compose.yml} runs that flow.
 */
@ExtendWith(DockerLocalStack.Availability.class)
class DockerLocalStackTest extends MessagingStackOnLocalStack {

    @Override
    RunningLocalStack startLocalStack() throws Exception {
        return DockerLocalStack.start();
    }
}
