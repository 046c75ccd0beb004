package dev.sluice.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The stacks of the Sluice CDK app, with the short aliases {@code --stack} also accepts. */
enum StackName {
    SluiceMessaging("messaging"),
    SluiceFunctions("functions");

    private final String alias;

    StackName(String alias) {
        this.alias = alias;
    }

    static String valid() {
        return Arrays.stream(values()).map(s -> s.name() + " (" + s.alias + ")").collect(Collectors.joining(", "));
    }

    /** Accepts the stack name or its alias, in any case. */
    static final class Converter implements ITypeConverter<StackName> {
        @Override
        public StackName convert(String value) {
            String wanted = value.strip().toLowerCase(Locale.ROOT);
            for (StackName stack : values()) {
                if (stack.name().toLowerCase(Locale.ROOT).equals(wanted) || stack.alias.equals(wanted)) {
                    return stack;
                }
            }
            throw new TypeConversionException("unknown stack '" + value + "': valid stacks are " + valid());
        }
    }
}
