package dev.agentline.audit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportRequestTest {
  static final Instant NOW = Instant.parse("2030-02-01T12:00:00Z");

  @Test
  void withoutParametersTheReportCoversTheLast28DaysAndNoBaseline() {
    ReportRequest request = ReportRequest.parse(Map.of(), NOW);

    assertThat(request.since().start()).isEqualTo(Instant.parse("2030-01-04T12:00:00Z"));
    assertThat(request.baselineFrom()).isNull();
  }

  @Test
  void theBaselineEndsWhereThePeriodStartsUnlessToldOtherwise() {
    ReportRequest request = ReportRequest.parse(Map.of("since", new String[] {"28d"}, "baselineFrom", new String[] {"56d"}), NOW);
    assertThat(request.baselineFrom()).isEqualTo(Instant.parse("2029-12-07T12:00:00Z"));
    assertThat(request.baselineUntil()).isEqualTo(Instant.parse("2030-01-04T12:00:00Z"));

    ReportRequest explicit = ReportRequest.parse(Map.of("baselineFrom", new String[] {"2029-10-01T00:00:00Z"},
        "baselineUntil", new String[] {"2029-11-01"}), NOW);
    assertThat(explicit.baselineUntil()).isEqualTo(Instant.parse("2029-11-01T00:00:00Z"));
  }

  @Test
  void aBadParameterIsRefusedByName() {
    assertThatThrownBy(() -> ReportRequest.parse(Map.of("since", new String[] {"last month"}), NOW))
        .isInstanceOfSatisfying(ReportRequest.InvalidParameter.class, e -> assertThat(e.parameter).isEqualTo("since"));
    assertThatThrownBy(() -> ReportRequest.parse(Map.of("baselineFrom", new String[] {"soon"}), NOW))
        .isInstanceOfSatisfying(ReportRequest.InvalidParameter.class, e -> {
          assertThat(e.parameter).isEqualTo("baselineFrom");
          assertThat(e.getMessage()).startsWith("baselineFrom must be an age");
        });
    assertThatThrownBy(() -> ReportRequest.parse(Map.of("baselineUntil", new String[] {"28d"}), NOW))
        .isInstanceOfSatisfying(ReportRequest.InvalidParameter.class, e -> assertThat(e.parameter).isEqualTo("baselineFrom"));
    assertThatThrownBy(() -> ReportRequest.parse(Map.of("baselineFrom", new String[] {"7d"}, "baselineUntil", new String[] {"14d"}), NOW))
        .isInstanceOfSatisfying(ReportRequest.InvalidParameter.class, e -> assertThat(e.parameter).isEqualTo("baselineUntil"));
    assertThatThrownBy(() -> ReportRequest.parse(Map.of("sinse", new String[] {"7d"}), NOW))
        .isInstanceOfSatisfying(ReportRequest.InvalidParameter.class, e -> assertThat(e.parameter).isEqualTo("sinse"));
    assertThatThrownBy(() -> ReportRequest.parse(Map.of("since", new String[] {"7d", "8d"}), NOW))
        .isInstanceOfSatisfying(ReportRequest.InvalidParameter.class, e -> assertThat(e.parameter).isEqualTo("since"));
  }
}
