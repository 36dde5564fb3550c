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

  @Test
  void refusesANegativeStepHandOverAndNamesTheKey() {
    assertThatThrownBy(() -> start(Map.of(
            "spring.kafka.bootstrap-servers", "localhost:1",
            "agentline.models.config-file", "classpath:cassettes/worker-test.yaml",
            "agentline.worker.step-hand-over", "-5ms")))
        .satisfies(e -> Assertions.assertThat(rootMessage(e)).isEqualTo("agentline.worker.step-hand-over must not be negative, was PT-0.005S"));
  }

  @Test
  void refusesToStartWhenARolesKeyVariableIsMissingAndNamesVariableAndRole(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Path config = java.nio.file.Files.writeString(dir.resolve("models.yaml"), """
        provider: replay
        cassette: classpath:cassettes/worker-test.yaml
        roles:
          manager: {provider: anthropic, model: claude-sonnet-4-5, api-key-env: AGENTLINE_TEST_KEY_THAT_IS_NOT_SET}
        """);

    assertThatThrownBy(() -> start(Map.of("spring.kafka.bootstrap-servers", "localhost:1", "agentline.models.config-file", config.toString())))
        .satisfies(e -> Assertions.assertThat(rootMessage(e)).isEqualTo(
            "environment variable AGENTLINE_TEST_KEY_THAT_IS_NOT_SET is not set: role manager uses provider anthropic with api-key-env "
                + "AGENTLINE_TEST_KEY_THAT_IS_NOT_SET"));
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) root = root.getCause();
    return root.getMessage();
  }
}
