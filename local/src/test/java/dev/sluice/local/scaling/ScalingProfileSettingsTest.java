package dev.sluice.local.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.scaling.ScalingSetting;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profile and the AWS-profile local cap as settings of the one table: parsed, defaulted, checked, layered. */
class ScalingProfileSettingsTest {

    @Test
    void theTableOffersExactlyTheProfilesAndTheDefaultLocalCap() {
        assertThat(ScalingSetting.PROFILE.choices())
                .containsExactlyElementsOf(Arrays.stream(ScalingProfile.values()).map(ScalingProfile::key).toList());
        assertThat(ScalingSetting.AWS_LOCAL_CAP.defaultValue()).isEqualTo((long) Autoscaler.DEFAULT_AWS_LOCAL_CAP);
        assertThat(ScalingSettings.defaults().profile()).isEqualTo(ScalingProfile.LOCAL);
        assertThat(ScalingSettings.defaults().awsLocalCap()).isEqualTo(Autoscaler.DEFAULT_AWS_LOCAL_CAP);
    }

    @Test
    void parsesTheProfileInAnyCaseAndRoundTrips() {
        ScalingSettings settings = ScalingSettings.parse(Map.of("profile", " AWS ", "awsLocalCap", 3));

        assertThat(settings.profile()).isEqualTo(ScalingProfile.AWS);
        assertThat(settings.awsLocalCap()).isEqualTo(3);
        assertThat(settings.toMap()).containsEntry("profile", "aws").containsEntry("awsLocalCap", "3");
        assertThat(ScalingSettings.parse(settings.toMap())).isEqualTo(settings);
    }

    @Test
    void aBadProfileNamesTheKeyAndTheAllowedValuesWithTheOtherErrors() {
        assertThatThrownBy(() -> ScalingSettings.parse(Map.of("profile", "gcp", "awsLocalCap", 0)))
                .hasMessageStartingWith("Invalid scaling settings: ")
                .hasMessageContaining("profile must be one of local, aws (given 'gcp')")
                .hasMessageContaining("awsLocalCap must be between 1 and 1000 (given 0)");
    }

    @Test
    void theMappingsSettingsWinOverTheRunsAndAFunctionsProfileOverThem() {
        ScalingSettings.Builder layered = ScalingSettings.builder()
                .profile(ScalingProfile.AWS).awsLocalCap(10)              // the run's --scaling-profile aws
                .apply(Map.of("profile", "local", "awsLocalCap", 2));    // the mapping's template metadata
        assertThat(layered.build().profile()).isEqualTo(ScalingProfile.LOCAL);
        assertThat(layered.build().awsLocalCap()).isEqualTo(2);

        assertThat(layered.profile(ScalingProfile.AWS).build().profile()) // --scaling-profile FUNCTION:aws
                .isEqualTo(ScalingProfile.AWS);
    }
}
