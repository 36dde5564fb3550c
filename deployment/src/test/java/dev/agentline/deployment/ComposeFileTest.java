package dev.agentline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.models.ModelCatalog;
import dev.agentline.schemas.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** docker-compose.yml matches the services: images, environment keys, ports, health checks, start order, topics. */
class ComposeFileTest {
  private static Path root;
  private static ServiceCatalog catalog;
  private static ComposeFile compose;
  private static JsonNode services;

  @BeforeAll
  static void read() {
    root = ServiceCatalog.repositoryRoot();
    catalog = ServiceCatalog.ofThisRepository();
    compose = new ComposeFile(root.resolve("docker-compose.yml"));
    services = compose.services();
  }

  @Test
  void everyServiceRunsFromItsJibImageTaggedWithTheProjectVersion() {
    for (ServiceCatalog.Service service : catalog.services()) {
      String image = ComposeFile.withDefaults(services.path(service.module()).path("image").asString(""));
      assertThat(image).as(service.module() + " image").isEqualTo(service.image() + ":" + catalog.imageTag());
    }
    List<String> agentlineServices = new ArrayList<>();
    services.properties().forEach(e -> {
      if (e.getValue().path("image").asString().startsWith("agentline/")) agentlineServices.add(e.getKey());
    });
    assertThat(agentlineServices).containsExactlyInAnyOrderElementsOf(ServiceCatalog.MODULES);
  }

  @Test
  void everyEnvironmentKeySetsARealConfigurationPropertyOfItsService() {
    List<String> problems = new ArrayList<>();
    for (ServiceCatalog.Service service : catalog.services()) {
      Map<String, String> environment = compose.environment(service.module());
      assertThat(environment).as(service.module()).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
          .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
      problems.addAll(service.keys().unknown(environment));
    }
    assertThat(problems).isEmpty();
    assertThat(compose.environment("audit-service")).containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/agentline");
  }

  @Test
  void eachServicePublishesItsPortAndIsHealthyWhenItsReadinessGroupIsUp() {
    for (ServiceCatalog.Service service : catalog.services()) {
      JsonNode compose = services.path(service.module());
      List<Integer> containerPorts = new ArrayList<>();
      for (JsonNode mapping : compose.path("ports")) {
        String text = mapping.asString();
        containerPorts.add(Integer.parseInt(text.substring(text.lastIndexOf(':') + 1)));
      }
      assertThat(containerPorts).as(service.module() + " ports").containsExactly(service.port());
      assertThat(compose.path("healthcheck").path("test").toString()).as(service.module() + " health check")
          .contains("http://localhost:" + service.port() + "/actuator/health/readiness");
    }
  }

  @Test
  void servicesStartAfterTheTopicsExistAndTheAuditServiceAfterPostgres() {
    for (String module : ServiceCatalog.MODULES) {
      assertThat(services.path(module).path("depends_on").path("kafka-init").path("condition").asString())
          .as(module).isEqualTo("service_completed_successfully");
    }
    assertThat(services.path("kafka-init").path("depends_on").path("kafka").path("condition").asString()).isEqualTo("service_healthy");
    assertThat(services.path("audit-service").path("depends_on").path("postgres").path("condition").asString()).isEqualTo("service_healthy");
    assertThat(services.path("kafka").path("healthcheck").isObject()).isTrue();
    assertThat(services.path("postgres").path("healthcheck").isObject()).isTrue();
    // the planner does not create topics with its own partition count behind kafka-init's back
    assertThat(compose.environment("planner-service")).containsEntry("AGENTLINE_PLANNER_CREATE_TOPICS", "false");
  }

  @Test
  void kafkaInitRunsTheSharedTopicScriptAgainstTheComposeBroker() {
    // TopicScriptTest runs that script against a real broker with this environment
    JsonNode init = compose.service("kafka-init");
    String mount = init.path("volumes").get(0).asString();
    assertThat(mount).startsWith("./helm/agentline/files/create-topics.sh:");
    String inContainer = mount.split(":")[1];
    assertThat(init.path("entrypoint").toString()).contains(inContainer);
    assertThat(root.resolve(mount.split(":")[0])).isRegularFile();
    assertThat(compose.environment("kafka-init")).containsEntry("BOOTSTRAP_SERVERS", "kafka:9092").containsEntry("REPLICATION_FACTOR", "1")
        .containsKeys("PLANNER_INPUT_PARTITIONS", "STEP_PARTITIONS", "TOOL_REQUEST_PARTITIONS", "EVENT_PARTITIONS", "CACHE_PARTITIONS",
            "DEAD_LETTER_PARTITIONS");
  }

  @Test
  void kafkaIsTheProjectsKafkaVersionInKraftModeAndNothingAutoCreatesTopics() {
    String kafkaVersion = catalog.parentProperty("kafka.version");
    assertThat(services.path("kafka").path("image").asString()).isEqualTo("apache/kafka:" + kafkaVersion);
    assertThat(services.path("kafka-init").path("image").asString()).isEqualTo("apache/kafka:" + kafkaVersion);
    Map<String, String> broker = compose.environment("kafka");
    assertThat(broker).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller").containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
        // as the in-process broker (LocalKafka): the planner's 2 ms commits would otherwise wait 20 ms for a retry
        .containsEntry("KAFKA_ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MS", "1");
    assertThat(broker.get("KAFKA_ADVERTISED_LISTENERS")).contains("PLAINTEXT://kafka:9092");
    assertThat(services.path("postgres").path("image").asString()).isEqualTo("postgres:15");
  }

  @Test
  void theBundledModelsConfigIsAValidModelsConfig() {
    ModelCatalog models = ModelCatalog.load(root.resolve("deployment/compose/models.yaml"));
    for (Role role : Role.values()) assertThat(models.spec(role).apiKeyEnv()).as(role.name()).isNotBlank();
    Set<String> keyVariables = new TreeSet<>();
    for (Role role : Role.values()) keyVariables.add(models.spec(role).apiKeyEnv());
    assertThat(compose.environment("worker-service")).containsKeys(keyVariables.toArray(String[]::new));
  }
}
