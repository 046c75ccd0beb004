package dev.sluice.local.scaling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the policy remembers between decisions: the desired counts of the stabilisation window,
 * since when the backlog has been zero, and since when it has been deciding. Immutable: each
 * decision returns the next state. Start with {@link #initial()}.
 */
public final class ScalingState {

    private static final ScalingState INITIAL = new ScalingState(null, null, List.of());

    /** A desired count and when it was computed. */
    record Sample(Instant at, int desired) {
    }

    private final Instant observingSince;
    private final Instant idleSince;
    private final List<Sample> recent;

    ScalingState(Instant observingSince, Instant idleSince, List<Sample> recent) {
        this.observingSince = observingSince;
        this.idleSince = idleSince;
        this.recent = List.copyOf(recent);
    }

    /** The state before the first decision. */
    public static ScalingState initial() {
        return INITIAL;
    }

    /** When the first decision was taken; empty before it. */
    public Optional<Instant> observingSince() {
        return Optional.ofNullable(observingSince);
    }

    /** Since when the backlog has been zero; empty while there is a backlog. */
    public Optional<Instant> idleSince() {
        return Optional.ofNullable(idleSince);
    }

    /** The highest desired count still inside the stabilisation window; 0 before the first decision. */
    public int highestRecentDesired() {
        return recent.stream().mapToInt(Sample::desired).max().orElse(0);
    }

    List<Sample> recent() {
        return recent;
    }

    Instant lastDecisionAt() {
        return recent.isEmpty() ? null : recent.get(recent.size() - 1).at();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScalingState)) {
            return false;
        }
        ScalingState other = (ScalingState) o;
        return Objects.equals(observingSince, other.observingSince) && Objects.equals(idleSince, other.idleSince)
                && recent.equals(other.recent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observingSince, idleSince, recent);
    }

    @Override
    public String toString() {
        return "ScalingState[observingSince=" + observingSince + ", idleSince=" + idleSince + ", recent=" + recent
                + "]";
    }
}
