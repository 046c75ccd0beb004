package dev.sluice.local.events;

import dev.sluice.local.edge.AwsError;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The resources of one kind (archives, replays) by name, in name order, with AWS's errors for a name already in use
 * and for an unknown one. Not thread-safe: its owner locks.
 */
final class ByName<T> {

    private final String kind;
    private final Map<String, T> items = new TreeMap<>();

    /** @param kind the resource's kind in messages ({@code Archive}) */
    ByName(String kind) {
        this.kind = kind;
    }

    /** Adds what {@code create} makes; a name in use is a {@code ResourceAlreadyExistsException}. */
    T add(String name, Supplier<T> create) {
        if (items.containsKey(name)) {
            throw AwsError.badRequest("ResourceAlreadyExistsException", kind + " " + name + " already exists.");
        }
        T item = create.get();
        items.put(name, item);
        return item;
    }

    /** Puts back a resource kept from an earlier run. */
    void restore(String name, T item) {
        items.put(name, item);
    }

    /** The resource; an unknown name is a {@code ResourceNotFoundException}. */
    T get(String name) {
        T item = items.get(name);
        if (item == null) {
            throw AwsError.badRequest("ResourceNotFoundException", kind + " " + name + " does not exist.");
        }
        return item;
    }

    /** The resource, or null. */
    T find(String name) {
        return items.get(name);
    }

    void remove(String name) {
        items.remove(name);
    }

    /** Every resource, in name order (a live view). */
    Collection<T> all() {
        return items.values();
    }
}
