package dev.agentline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.audit.AuditProperties.EmbeddedMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuditPropertiesTest {

  @Test
  void autoStartsTheEmbeddedDatabaseOnlyWithoutAJdbcUrl() {
    assertThat(EmbeddedMode.AUTO.embedded(null)).isTrue();
    assertThat(EmbeddedMode.AUTO.embedded("jdbc:postgresql://db:5432/audit")).isFalse();
    assertThat(EmbeddedMode.TRUE.embedded("jdbc:postgresql://db:5432/audit")).isTrue();
    assertThat(EmbeddedMode.FALSE.embedded(null)).isFalse();
  }

  @Test
  void wrongValuesAreReportedByTheirKey() {
    assertThatThrownBy(() -> properties(0, "agentline\\..*"))
        .hasMessageContaining("agentline.audit.search-page-size");
    assertThatThrownBy(() -> properties(50, "agentline.(("))
        .hasMessageContaining("agentline.audit.topic-pattern");
    assertThatThrownBy(() -> properties(50, "agentline\\..*", 100))
        .hasMessageContaining("agentline.audit.search-window");
  }

  private static AuditProperties properties(int pageSize, String pattern) {
    return properties(pageSize, pattern, 2000);
  }

  private static AuditProperties properties(int pageSize, String pattern, int searchWindow) {
    return new AuditProperties(EmbeddedMode.AUTO, 0, null, "agentline-audit", pattern, pageSize, 500, searchWindow,
        Duration.ofMillis(500), Duration.ofSeconds(30), 1000, 1, null, Duration.ofHours(1), 500, Duration.ofSeconds(1));
  }
}
