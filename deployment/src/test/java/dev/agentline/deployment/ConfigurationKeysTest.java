package dev.agentline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigurationKeysTest {
  private final ConfigurationKeys keys = ConfigurationKeys.of("svc",
      Map.of("agentline.worker.consumers-per-role", false, "spring.kafka.bootstrap-servers", false, "logging.level", true,
          "agentline.code-hosts.github.token-env", false),
      Set.of("JIRA_API_TOKEN"));

  @Test
  void environmentVariablesBindToPropertiesByRelaxedBinding() {
    assertThat(keys.property("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("spring.kafka.bootstrap-servers");
    assertThat(keys.property("AGENTLINE_WORKER_CONSUMERSPERROLE")).isEqualTo("agentline.worker.consumers-per-role");
    assertThat(keys.property("AGENTLINE_WORKER_CONSUMERS_PER_ROLE")).isEqualTo("agentline.worker.consumers-per-role");
    assertThat(keys.property("LOGGING_LEVEL_ORG_APACHE_KAFKA")).isEqualTo("logging.level.*");
  }

  @Test
  void aMisspeltOrForeignVariableIsReportedByName() {
    assertThat(keys.unknown(Map.of("AGENTLINE_WORKER_CONSUMER_PER_ROLE", "2", "SPRING_DATASOURCE_URL", "jdbc:x",
            "SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")))
        .containsExactly("svc: AGENTLINE_WORKER_CONSUMER_PER_ROLE sets no configuration property of svc",
            "svc: SPRING_DATASOURCE_URL sets no configuration property of svc");
  }

  @Test
  void aVariableTheServiceReadsByNameOrThatAnEnvKeyNamesIsKnown() {
    assertThat(keys.unknown(Map.of("JIRA_API_TOKEN", "t"))).isEmpty();
    assertThat(keys.unknown(Map.of("MY_GITHUB_TOKEN", "t"))).hasSize(1);
    assertThat(keys.unknown(Map.of("MY_GITHUB_TOKEN", "t", "AGENTLINE_CODE_HOSTS_GITHUB_TOKEN_ENV", "MY_GITHUB_TOKEN"))).isEmpty();
  }
}
