package dev.agentline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceCatalogTest {
  private static final ServiceCatalog CATALOG = ServiceCatalog.ofThisRepository();

  @Test
  void eachServiceImageIsItsModuleUnderAgentlineAndExposesTheServicePort() {
    for (ServiceCatalog.Service service : CATALOG.services()) {
      assertThat(service.image()).isEqualTo("agentline/" + service.module());
      assertThat(service.mainClass()).startsWith("dev.agentline.");
      service.httpPort().ifPresent(port -> assertThat(service.jibPorts()).as(service.module() + " image ports").containsExactly(port));
    }
  }

  @Test
  void eachServiceKnowsItsOwnKeysAndNotTheOthers() {
    assertThat(CATALOG.service("worker-service").keys().has("agentline.worker.consumers-per-role")).isTrue();
    assertThat(CATALOG.service("planner-service").keys().has("agentline.worker.consumers-per-role")).isFalse();
    assertThat(CATALOG.service("audit-service").keys().has("spring.datasource.url")).isTrue();
    assertThat(CATALOG.service("worker-service").keys().has("spring.datasource.url")).isFalse();
    // read with @Value, not @ConfigurationProperties
    assertThat(CATALOG.service("planner-service").keys().has("agentline.models.config-file")).isTrue();
    assertThat(CATALOG.service("planner-service").keys().variablesReadByName()).contains("JIRA_API_TOKEN");
    assertThat(CATALOG.service("worker-service").keys().variablesReadByName()).contains("ANTHROPIC_API_KEY", "OPENAI_API_KEY");
    assertThat(CATALOG.service("tool-runner-service").keys().variablesReadByName()).contains("GITHUB_TOKEN", "GITLAB_TOKEN");
  }

  @Test
  void portsAreTheServicesDefaults() {
    assertThat(CATALOG.service("planner-service").httpPort()).hasValue(8080);
    assertThat(CATALOG.service("audit-service").httpPort()).hasValue(8084);
  }
}
