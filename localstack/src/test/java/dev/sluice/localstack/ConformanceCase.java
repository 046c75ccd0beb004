package dev.sluice.localstack;

/**
 * One documented AWS behaviour, a row of {@link ConformanceCases#CASES}: the AWS page it comes from, the sentence (AWS's
 * words, shortened with "..." at most) that {@code check} checks, and whether it runs a Lambda function.
 * {@code docs/CONFORMANCE.md} is rendered from these and the recorded results.
 *
 * @param id          stable id, the row's key in docs/CONFORMANCE.md, e.g. {@code sqs.message-size.at-limit}
 * @param title       what is checked, in a few words
 * @param aws         the AWS documentation page (URL)
 * @param says        the sentence of that page the check checks
 * @param needsLambda true when the case runs a Lambda function: LocalStack in host mode cannot, so it runs on Sluice only
 * @param check       the test itself, run on the suite of one target
 */
record ConformanceCase(String id, String title, String aws, String says, boolean needsLambda, Check check) {

    /** A case's test body. */
    @FunctionalInterface
    interface Check {
        void run(ConformanceCases suite) throws Exception;
    }
}
