package io.jtunnel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionPeakTest {
    @Test
    void burst_ends_after_two_samples_at_a_quarter_of_its_peak_or_less() {
        ConnectionPeak peak = new ConnectionPeak(2_000);

        assertThat(peak.burstEnded(500)).isFalse();
        assertThat(peak.burstEnded(19_400)).isFalse();
        assertThat(peak.burstEnded(6_000)).isFalse();
        assertThat(peak.burstEnded(4_851)).isFalse();
        assertThat(peak.burstEnded(4_850)).as("the first low sample: maybe still closing").isFalse();
        assertThat(peak.burstEnded(120)).isTrue();
        assertThat(peak.peak()).isEqualTo(120);
    }

    @Test
    void a_burst_that_rises_again_between_two_low_samples_goes_on() {
        ConnectionPeak peak = new ConnectionPeak(2_000);
        peak.burstEnded(10_000);

        assertThat(peak.burstEnded(2_000)).isFalse();
        assertThat(peak.burstEnded(2_600)).isFalse();
        assertThat(peak.burstEnded(2_000)).isFalse();
        assertThat(peak.burstEnded(0)).isTrue();
    }

    @Test
    void each_burst_is_reported_once_and_the_next_is_measured_from_there() {
        ConnectionPeak peak = new ConnectionPeak(2_000);
        peak.burstEnded(10_000);
        peak.burstEnded(0);
        assertThat(peak.burstEnded(0)).isTrue();

        assertThat(peak.burstEnded(0)).as("no new burst").isFalse();
        assertThat(peak.burstEnded(0)).as("no new burst").isFalse();
        assertThat(peak.burstEnded(1_999)).isFalse();
        assertThat(peak.burstEnded(400)).as("a peak below the minimum is no burst").isFalse();
        assertThat(peak.burstEnded(400)).as("a peak below the minimum is no burst").isFalse();
        assertThat(peak.burstEnded(2_000)).isFalse();
        assertThat(peak.burstEnded(500)).isFalse();
        assertThat(peak.burstEnded(500)).isTrue();
    }

    @Test
    void small_traffic_never_ends_a_burst() {
        ConnectionPeak peak = new ConnectionPeak(2_000);
        for (int i = 0; i < 1_000; i++) {
            assertThat(peak.burstEnded(i % 3 == 0 ? 1_900 : 0)).isFalse();
        }
    }

    @Test
    void minimum_must_be_positive() {
        assertThatThrownBy(() -> new ConnectionPeak(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
