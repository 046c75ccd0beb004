package dev.sluice.constructs;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one implementation of every props builder. Each props type is a record (its components are the
 * props, said once) with a {@code Builder} interface declaring one fluent setter per component and
 * {@code build()}; this class implements that interface: a setter stores its value under its name and
 * {@code build()} calls the record's canonical constructor, unset props being null. A {@link Map} prop
 * given again adds to the entries given before.
 *
 * <p>The interface is checked against the record when a builder is made, so a setter whose name or type
 * does not match a component fails on first use rather than silently dropping a value.
 */
final class PropsBuilder {

    private PropsBuilder() {
    }

    /** A new builder of {@code props} behind the interface {@code builder}. */
    static <B> B of(Class<B> builder, Class<? extends Record> props) {
        RecordComponent[] components = props.getRecordComponents();
        check(builder, props, components);
        Constructor<?> constructor = canonicalConstructor(props, components);
        Map<String, Object> values = new HashMap<>();
        Object proxy = Proxy.newProxyInstance(builder.getClassLoader(), new Class<?>[] {builder},
                (self, method, args) -> switch (method.getName()) {
                    case "build" -> construct(constructor, components, values);
                    case "toString" -> builder.getName() + values;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> {
                        values.put(method.getName(), addIfMap(values.get(method.getName()), args[0]));
                        yield self;
                    }
                });
        return builder.cast(proxy);
    }

    private static Object addIfMap(Object given, Object more) {
        if (given instanceof Map<?, ?> a && more instanceof Map<?, ?> b) {
            Map<Object, Object> both = new LinkedHashMap<>(a);
            both.putAll(b);
            return both;
        }
        return more;
    }

    private static void check(Class<?> builder, Class<?> props, RecordComponent[] components) {
        Map<String, Class<?>> types = new HashMap<>();
        for (RecordComponent component : components) {
            types.put(component.getName(), component.getType());
        }
        for (Method method : builder.getMethods()) {
            boolean build = method.getName().equals("build") && method.getParameterCount() == 0
                    && method.getReturnType() == props;
            boolean setter = method.getParameterCount() == 1 && method.getReturnType() == builder
                    && method.getParameterTypes()[0] == types.get(method.getName());
            if (!build && !setter) {
                throw new IllegalStateException(builder.getName() + "." + method.getName()
                        + " is neither build() nor the setter of a component of " + props.getName());
            }
        }
    }

    private static Constructor<?> canonicalConstructor(Class<?> props, RecordComponent[] components) {
        try {
            Constructor<?> constructor = props.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            return constructor;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(props.getName() + " has no canonical constructor", e);
        }
    }

    private static Object construct(Constructor<?> constructor, RecordComponent[] components,
            Map<String, Object> values) throws Throwable {
        Object[] args = Arrays.stream(components).map(c -> values.get(c.getName())).toArray();
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
