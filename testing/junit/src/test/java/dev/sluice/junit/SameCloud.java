package dev.sluice.junit;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/** The endpoints {@link LocalCloudTest} classes of this run were given: one cloud per run means one endpoint. */
final class SameCloud {

    private static final Set<URI> SEEN = new LinkedHashSet<>();

    private SameCloud() {
    }

    /** Records this class's endpoint; returns every endpoint seen so far in the run. */
    static synchronized Set<URI> seen(URI endpoint) {
        SEEN.add(endpoint);
        return Set.copyOf(SEEN);
    }
}
