package dev.agentline.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.Topics;
import dev.agentline.platform.models.ModelCatalog;
import dev.agentline.schemas.Role;
import dev.agentline.worker.roles.Roles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** docker-compose.yml matches the services: images, environment keys, ports, health checks, start order, topics. */
class ComposeFileTest {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::?-([^}]*))?}");
  private static final Pattern CREATE = Pattern.compile("^create (\\S+) \\$\\$(\\w+)(?: (\\S+))?$");
  private static final Pattern SHARE_GROUP = Pattern.compile("^share_group (\\S+)$");

  private static Path root;
  private static ServiceCatalog catalog;
  private static JsonNode services;

  @BeforeAll
  static void read() {
    root = ServiceCatalog.repositoryRoot();
    catalog = ServiceCatalog.ofThisRepository();
    services = Yaml.read(root.resolve("docker-compose.yml")).required("services");
  }

  @Test
  void everyServiceRunsFromItsJibImageTaggedWithTheProjectVersion() {
    for (ServiceCatalog.Service service : catalog.services()) {
      String image = withDefaults(services.path(service.module()).path("image").asString(""));
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
      Map<String, String> environment = environment(service.module());
      assertThat(environment).as(service.module()).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
          .containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
      problems.addAll(service.keys().unknown(environment));
    }
    assertThat(problems).isEmpty();
    assertThat(environment("audit-service")).containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/agentline");
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
    assertThat(environment("planner-service")).containsEntry("AGENTLINE_PLANNER_CREATE_TOPICS", "false");
  }

  @Test
  void theInitCreatesEveryPlatformTopicWithItsPartitionCountAndCoPartitionsThePlannerInputs() {
    Map<String, String> partitionsByTopic = new LinkedHashMap<>();
    Map<String, String> configByTopic = new LinkedHashMap<>();
    for (String line : initScript()) {
      Matcher create = CREATE.matcher(line);
      if (create.matches()) {
        partitionsByTopic.put(create.group(1), create.group(2));
        if (create.group(3) != null) configByTopic.put(create.group(1), create.group(3));
      }
    }
    assertThat(partitionsByTopic.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());

    Map<String, String> initEnvironment = environment("kafka-init");
    for (Map.Entry<String, String> topic : partitionsByTopic.entrySet()) {
      assertThat(initEnvironment).as(topic.getKey() + " partition count").containsKey(topic.getValue());
      assertThat(Integer.parseInt(initEnvironment.get(topic.getValue()))).as(topic.getKey() + " partitions").isPositive();
    }
    Set<String> plannerInputCounts = new TreeSet<>();
    for (String topic : Topics.plannerInputs()) plannerInputCounts.add(partitionsByTopic.get(topic));
    assertThat(plannerInputCounts).as("the planner's input topics share one partition count").hasSize(1);
    assertThat(configByTopic).containsExactly(Map.entry(Topics.ANALYSIS_CACHE, "cleanup.policy=compact"));
  }

  @Test
  void theInitConfiguresEveryWorkerShareGroupToReadCommittedRecordsFromTheEarliest() {
    List<String> groups = new ArrayList<>();
    for (String line : initScript()) {
      Matcher group = SHARE_GROUP.matcher(line);
      if (group.matches()) groups.add(group.group(1));
    }
    List<String> expected = new ArrayList<>();
    for (Role role : Role.values()) expected.add(Roles.shareGroup(role));
    assertThat(groups).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(String.join("\n", initScript()))
        .contains("--entity-type groups")
        .contains("share.isolation.level=read_committed")
        .contains("share.auto.offset.reset=earliest");
  }

  @Test
  void kafkaIsTheProjectsKafkaVersionInKraftModeAndNothingAutoCreatesTopics() {
    String kafkaVersion = catalog.parentProperty("kafka.version");
    assertThat(services.path("kafka").path("image").asString()).isEqualTo("apache/kafka:" + kafkaVersion);
    assertThat(services.path("kafka-init").path("image").asString()).isEqualTo("apache/kafka:" + kafkaVersion);
    Map<String, String> broker = environment("kafka");
    assertThat(broker).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller").containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    assertThat(broker.get("KAFKA_ADVERTISED_LISTENERS")).contains("PLAINTEXT://kafka:9092");
    assertThat(services.path("postgres").path("image").asString()).isEqualTo("postgres:15");
  }

  @Test
  void theBundledModelsConfigIsAValidModelsConfig() {
    ModelCatalog models = ModelCatalog.load(root.resolve("deployment/compose/models.yaml"));
    for (Role role : Role.values()) assertThat(models.spec(role).apiKeyEnv()).as(role.name()).isNotBlank();
    Set<String> keyVariables = new TreeSet<>();
    for (Role role : Role.values()) keyVariables.add(models.spec(role).apiKeyEnv());
    assertThat(environment("worker-service")).containsKeys(keyVariables.toArray(String[]::new));
  }

  /** A service's environment with compose's ${VAR:-default} replaced by the default. */
  private static Map<String, String> environment(String service) {
    Map<String, String> environment = new LinkedHashMap<>();
    Yaml.strings(services.path(service).required("environment")).forEach((key, value) -> environment.put(key, withDefaults(value)));
    return environment;
  }

  private static List<String> initScript() {
    JsonNode command = services.path("kafka-init").required("command");
    String script = command.isArray() ? command.get(command.size() - 1).asString() : command.asString();
    return script.lines().map(String::strip).toList();
  }

  private static String withDefaults(String value) {
    if (value == null) return null;
    return VARIABLE.matcher(value).replaceAll(m -> Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
  }
}
