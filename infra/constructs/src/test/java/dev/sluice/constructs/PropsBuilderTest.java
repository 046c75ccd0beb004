package dev.sluice.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one builder behind every props type: what it stores, and that it refuses a Builder that does not fit the record. */
class PropsBuilderTest {

    public record Sample(String name, Number size, Map<String, String> labels) {

        public interface Builder {
            Builder name(String name);

            Builder size(Number size);

            Builder labels(Map<String, String> labels);

            Sample build();
        }
    }

    public interface Misnamed {
        Misnamed nmae(String name);

        Sample build();
    }

    public interface Mistyped {
        Mistyped size(Integer size);

        Sample build();
    }

    @Test
    void setPropsReachTheRecordAndUnsetOnesAreNull() {
        Sample sample = PropsBuilder.of(Sample.Builder.class, Sample.class).name("a").name("b").build();

        assertThat(sample).isEqualTo(new Sample("b", null, null));
    }

    @Test
    void aMapGivenAgainAddsToTheEntriesGivenBefore() {
        Sample sample = PropsBuilder.of(Sample.Builder.class, Sample.class)
                .labels(Map.of("a", "1")).labels(Map.of("b", "2")).build();

        assertThat(sample.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
    }

    @Test
    void aSetterThatMatchesNoComponentFailsWhenTheBuilderIsMade() {
        assertThatThrownBy(() -> PropsBuilder.of(Misnamed.class, Sample.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Misnamed.nmae is neither build() nor the setter of a component of");
        assertThatThrownBy(() -> PropsBuilder.of(Mistyped.class, Sample.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Mistyped.size is neither build() nor the setter");
    }
}
