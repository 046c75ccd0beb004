package dev.sluice.cli;

/** Where {@code deploy} and {@code destroy} send the stacks. */
enum Target {
    aws,
    localstack
}
