package dev.agentline.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SinceTest {
  static final Instant NOW = Instant.parse("2030-01-15T12:00:00Z");

  @ParameterizedTest
  @CsvSource({"14d, P14D", "12h, PT12H", "30m, PT30M", "2w, P14D", "P3D, P3D", "PT90M, PT90M", "' 7D ', P7D"})
  void anAgeCountsBackFromNow(String text, Duration age) {
    assertThat(Since.parse(text, NOW).start()).isEqualTo(NOW.minus(age));
  }

  @ParameterizedTest
  @CsvSource({"2030-01-01T08:30:00Z, 2030-01-01T08:30:00Z", "2030-01-01, 2030-01-01T00:00:00Z"})
  void anInstantOrADateIsTheStart(String text, Instant start) {
    assertThat(Since.parse(text, NOW).start()).isEqualTo(start);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "fortnight", "14", "14y", "-3d", "2030-13-01", "PT-5H"})
  void anythingElseIsRefusedNamingSince(String text) {
    assertThatThrownBy(() -> Since.parse(text, NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("since ");
  }
}
