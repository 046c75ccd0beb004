package dev.sluice.cli;

import picocli.CommandLine.Mixin;

/** A command that talks to AWS, LocalStack or the local cloud: {@code --endpoint-url} and {@code --region}. */
abstract class AwsCommand extends SluiceCommand {

    @Mixin
    AwsOptions aws;
}
