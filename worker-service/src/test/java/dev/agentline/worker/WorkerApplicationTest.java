package dev.agentline.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

class WorkerApplicationTest {

  private static void start(Map<String, Object> properties) {
    new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE).properties(properties).run().close();
  }

  @Test
  void refusesToStartWithoutAModelConfigurationAndNamesTheKey() {
    assertThatThrownBy(() -> start(Map.of("spring.kafka.bootstrap-servers", "localhost:1")))
        .satisfies(e -> Assertions.assertThat(rootMessage(e)).startsWith("set agentline.models.config-file to a cassette or models config"));
  }

  @Test
  void refusesANonPositiveConsumerCountAndNamesTheKey() {
    assertThatThrownBy(() -> start(Map.of(
            "spring.kafka.bootstrap-servers", "localhost:1",
            "agentline.models.config-file", "classpath:cassettes/worker-test.yaml",
            "agentline.worker.consumers-per-role", "0")))
        .satisfies(e -> Assertions.assertThat(rootMessage(e)).isEqualTo("agentline.worker.consumers-per-role must be >= 1, was 0"));
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) root = root.getCause();
    return root.getMessage();
  }
}
