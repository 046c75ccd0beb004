package dev.sluice.localstack;

/** {@link CliOnLocalStack} with LocalStack on the host, without Docker ({@code localstack/host/start.sh}). */
class CliDeployToHostLocalStackTest extends CliOnLocalStack {

    @Override
    RunningLocalStack startLocalStack() throws Exception {
        return HostLocalStack.start();
    }
}
