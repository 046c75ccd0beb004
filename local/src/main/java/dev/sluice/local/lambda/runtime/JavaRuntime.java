package dev.sluice.local.lambda.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The Java runtimes AWS Lambda offers, each with the Java version it runs on: the ones the local cloud accepts. */
public enum JavaRuntime {

    JAVA25("java25", 25),
    JAVA21("java21", 21),
    JAVA17("java17", 17),
    JAVA11("java11", 11),
    JAVA8_AL2("java8.al2", 8);

    private final String id;
    private final int feature;

    JavaRuntime(String id, int feature) {
        this.id = id;
        this.feature = feature;
    }

    /** The runtime's identifier in the Lambda API ({@code java21}). */
    public String id() {
        return id;
    }

    /** The Java feature version the managed runtime runs on. */
    public int feature() {
        return feature;
    }

    /** The runtime named {@code id}, if the local cloud runs it. */
    public static Optional<JavaRuntime> of(String id) {
        return Arrays.stream(values()).filter(runtime -> runtime.id.equals(id)).findFirst();
    }

    /** Every identifier, newest first: {@code [java25, java21, java17, java11, java8.al2]}. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(JavaRuntime::id).toList();
    }
}
