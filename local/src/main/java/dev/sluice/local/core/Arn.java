package dev.sluice.local.core;

import java.util.Objects;
import java.util.Optional;

/**
 * An Amazon Resource Name, {@code arn:<partition>:<service>:<region>:<account>:<resource>}: the one place ARNs are
 * built and taken apart. The resource keeps its own shape ({@code my-queue}, {@code function:name:qualifier},
 * {@code event-bus/orders}, {@code rule/bus/name}, {@code role/name}).
 */
public record Arn(String partition, String service, String region, String accountId, String resource) {

    /** The only partition a local cloud has. */
    public static final String PARTITION = "aws";

    public Arn {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(resource, "resource");
    }

    /** {@code arn:aws:<service>:<region>:<account>:<resource>}; the region is empty for global services (IAM). */
    public static Arn of(String service, String region, String accountId, String resource) {
        return new Arn(PARTITION, service, region, accountId, resource);
    }

    /** An AWS managed IAM policy, {@code arn:aws:iam::aws:policy/<path><name>} (AWS is the account that owns it). */
    public static Arn managedPolicy(String pathAndName) {
        return of("iam", "", "aws", "policy/" + pathAndName);
    }

    /** A Lambda runtime version, {@code arn:aws:lambda:<region>::runtime:<version>} (no account: AWS owns runtimes). */
    public static Arn lambdaRuntime(String region, String version) {
        return of("lambda", region, "", "runtime:" + version);
    }

    /**
     * Reads an ARN.
     *
     * @throws IllegalArgumentException when {@code text} is no ARN (fewer than six colon-separated parts)
     */
    public static Arn parse(String text) {
        return find(text).orElseThrow(() -> new IllegalArgumentException("not an ARN: " + text));
    }

    /** The ARN in {@code text}, or empty when it is none (a name, a URL). */
    public static Optional<Arn> find(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return Optional.empty();
        }
        String[] parts = text.split(":", 6);
        if (parts.length < 6 || parts[2].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]));
    }

    /** True when {@code text} is an ARN of {@code service}, e.g. {@code isOf("arn:aws:sqs:...", "sqs")}. */
    public static boolean isOf(String text, String service) {
        return find(text).map(arn -> arn.service.equals(service)).orElse(false);
    }

    /**
     * The resource's name: the part after its type ({@code function:name:qualifier} -> {@code name}, {@code
     * event-bus/orders} -> {@code orders}, {@code rule/bus/name} -> {@code name}), or the whole resource when it has
     * no type (an SQS queue).
     */
    public String name() {
        int colon = resource.indexOf(':');
        if (colon >= 0) {
            String rest = resource.substring(colon + 1);
            int qualifier = rest.indexOf(':');
            return qualifier < 0 ? rest : rest.substring(0, qualifier);
        }
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /**
     * The name in a name or an ARN: a queue, bus or function given either way (an SQS queue URL too: its last path
     * segment).
     */
    public static String nameOf(String nameOrArn) {
        if (nameOrArn == null) {
            return null;
        }
        Optional<Arn> arn = find(nameOrArn);
        if (arn.isPresent()) {
            return arn.get().name();
        }
        if (nameOrArn.startsWith("http://") || nameOrArn.startsWith("https://")) {
            return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        }
        return nameOrArn;
    }

    /**
     * A Lambda function's name in any form Lambda's API takes: {@code name}, {@code name:qualifier}, a full ARN or a
     * partial one ({@code 000000000000:function:name}).
     */
    public static String functionName(String nameOrArn) {
        String rest = nameOrArn;
        int marker = rest.indexOf("function:");
        if (marker >= 0) {
            rest = rest.substring(marker + "function:".length());
        }
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
