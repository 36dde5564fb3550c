package dev.agentline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.audit.AuditProperties.EmbeddedMode;
import dev.agentline.platform.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class AuditPropertiesTest {

  @Test
  void autoStartsTheEmbeddedDatabaseOnlyWithoutAJdbcUrl() {
    assertThat(EmbeddedMode.AUTO.embedded(null)).isTrue();
    assertThat(EmbeddedMode.AUTO.embedded("jdbc:postgresql://db:5432/audit")).isFalse();
    assertThat(EmbeddedMode.TRUE.embedded("jdbc:postgresql://db:5432/audit")).isTrue();
    assertThat(EmbeddedMode.FALSE.embedded(null)).isFalse();
  }

  @Test
  void byDefaultEveryAgentlineTopicAndThePlannersTaskStateChangelogAreRecordedButNoOtherInternalTopic() {
    AuditProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("agentline.audit", AuditProperties.class);
    Pattern pattern = Pattern.compile(defaults.topicPattern());

    assertThat(List.of(Topics.TASKS, Topics.TASK_EVENTS, Topics.dlt(Topics.TOOL_RESULTS), Topics.ANALYSIS_CACHE,
        "agentline-planner-task-state-changelog"))
        .allSatisfy(topic -> assertThat(pattern.matcher(topic).matches()).as(topic).isTrue());
    assertThat(List.of("agentline-planner-KSTREAM-REPARTITION-0000000003-repartition", "agentline-planner-analysis-cache-changelog",
        "agentline-planner-task-state-changelog-x", "other-task-state-changelog", "__consumer_offsets", "__transaction_state"))
        .allSatisfy(topic -> assertThat(pattern.matcher(topic).matches()).as(topic).isFalse());
  }

  @Test
  void wrongValuesAreReportedByTheirKey() {
    assertThatThrownBy(() -> properties(0, "agentline\\..*"))
        .hasMessageContaining("agentline.audit.search-page-size");
    assertThatThrownBy(() -> properties(50, "agentline.(("))
        .hasMessageContaining("agentline.audit.topic-pattern");
    assertThatThrownBy(() -> properties(50, "agentline\\..*", 100))
        .hasMessageContaining("agentline.audit.search-window");
    assertThatThrownBy(() -> properties(50, "agentline\\..*", 2000, 0))
        .hasMessageContaining("agentline.audit.search-index-busy-batch");
    assertThatThrownBy(() -> new Binder(new MapConfigurationPropertySource(Map.of("agentline.audit.nice", "20")))
        .bindOrCreate("agentline.audit", AuditProperties.class))
        .hasRootCauseMessage("agentline.audit.nice must be 0 to 19, was 20");
  }

  private static AuditProperties properties(int pageSize, String pattern) {
    return properties(pageSize, pattern, 2000);
  }

  private static AuditProperties properties(int pageSize, String pattern, int searchWindow) {
    return properties(pageSize, pattern, searchWindow, 100);
  }

  private static AuditProperties properties(int pageSize, String pattern, int searchWindow, int searchIndexBusyBatch) {
    return new AuditProperties(EmbeddedMode.AUTO, 0, null, "agentline-audit", pattern, pageSize, 500, searchWindow,
        Duration.ofMillis(500), Duration.ofSeconds(30), 1000, 1, null, Duration.ofHours(1), 500, searchIndexBusyBatch,
        Duration.ofSeconds(1), 0);
  }
}
