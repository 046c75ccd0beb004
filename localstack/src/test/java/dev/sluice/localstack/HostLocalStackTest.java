package dev.sluice.localstack;

/** {@link MessagingStackOnLocalStack} with LocalStack on the host, without Docker ({@code localstack/host/start.sh}). */
class HostLocalStackTest extends MessagingStackOnLocalStack {

    @Override
    RunningLocalStack startLocalStack() throws Exception {
        return HostLocalStack.start();
    }
}
