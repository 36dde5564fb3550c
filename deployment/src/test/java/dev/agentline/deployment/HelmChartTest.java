package dev.agentline.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.agentline.platform.models.ModelCatalog;
import dev.agentline.schemas.Role;
import dev.agentline.worker.roles.Roles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** helm/agentline lints, renders, and its manifests match the services (helm-java, no helm binary). */
class HelmChartTest {
  private static final String RELEASE = "agentline";

  private static Path chart;
  private static ServiceCatalog catalog;
  private static Manifests defaults;
  private static Manifests production;

  @BeforeAll
  static void render() {
    Path root = ServiceCatalog.repositoryRoot();
    chart = root.resolve("helm/agentline");
    catalog = ServiceCatalog.ofThisRepository();
    defaults = template(new Helm(chart).template().withName(RELEASE));
    production = template(new Helm(chart).template().withName(RELEASE).withValuesFile(chart.resolve("values-production.yaml")));
  }

  @Test
  void theChartLintsStrictlyWithTheDefaultAndTheProductionValues(@TempDir Path temp) throws IOException {
    LintResult lint = new Helm(chart).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();

    // helm-java's lint takes no values file: lint a copy whose values.yaml is values.yaml overlaid with the production file
    Path copy = copyChart(temp.resolve("agentline"));
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode merged = (ObjectNode) Yaml.read(chart.resolve("values.yaml"));
    overlay(merged, Yaml.read(chart.resolve("values-production.yaml")));
    Files.writeString(copy.resolve("values.yaml"), yaml.writeValueAsString(merged));
    LintResult productionLint = new Helm(copy).lint().strict().call();
    assertThat(productionLint.isFailed()).as(String.join("\n", productionLint.getMessages())).isFalse();
  }

  @Test
  void everyServiceHasADeploymentRunningItsJibImage() {
    assertThat(Yaml.read(chart.resolve("Chart.yaml")).path("appVersion").asString()).isEqualTo(catalog.imageTag());
    for (Manifests manifests : List.of(defaults, production)) {
      for (ServiceCatalog.Service service : catalog.services()) {
        JsonNode container = manifests.container(service.module());
        assertThat(catalog.serviceWithImage(container.path("image").asString()).module()).isEqualTo(service.module());
      }
    }
    assertThat(defaults.container("worker-service").path("image").asString()).isEqualTo("agentline/worker-service:" + catalog.imageTag());
    assertThat(production.container("worker-service").path("image").asString()).isEqualTo("registry.example.com/agentline/worker-service:0.1.0");
  }

  @Test
  void thePlannerAndTheAuditServiceGetTheAccessControlValuesAndTheOthersNone() {
    for (String module : List.of("planner-service", "audit-service")) {
      assertThat(defaults.environment(module)).containsEntry("AGENTLINE_SECURITY_MODE", "tokens")
          .doesNotContainKey("AGENTLINE_SECURITY_TOKENS_0_NAME");
      assertThat(production.environment(module)).containsEntry("AGENTLINE_SECURITY_MODE", "oidc")
          .containsEntry("AGENTLINE_SECURITY_OIDC_ISSUER_URI", "https://login.example.com/realms/acme")
          .containsEntry("AGENTLINE_SECURITY_OIDC_ROLES_CLAIM", "realm_access.roles")
          .containsEntry("AGENTLINE_SECURITY_TOKENS_0_NAME", "ci-bot")
          .containsEntry("AGENTLINE_SECURITY_TOKENS_0_ROLES", "submitter")
          .containsEntry("AGENTLINE_SECURITY_TOKENS_0_TEAMS", "payments")
          .containsEntry("AGENTLINE_SECURITY_TEAMS_PAYMENTS_REPOSITORIES", "https://github.com/acme/payments-*,https://github.com/acme/ledger");
      assertThat(production.environment(module).get("AGENTLINE_SECURITY_TOKENS_0_SHA256")).matches("[0-9a-f]{64}");
    }
    for (String module : List.of("worker-service", "tool-runner-service")) {
      assertThat(production.environment(module).keySet()).noneMatch(key -> key.startsWith("AGENTLINE_SECURITY_"));
    }
  }

  @Test
  void everyEnvironmentKeyOfEveryDeploymentIsARealConfigurationPropertyOfItsService() {
    for (Manifests manifests : List.of(defaults, production)) {
      List<String> problems = new ArrayList<>();
      for (ServiceCatalog.Service service : catalog.services()) {
        Map<String, String> environment = manifests.environment(service.module());
        assertThat(environment).as(service.module()).containsKeys("SPRING_KAFKA_BOOTSTRAP_SERVERS", "LOGGING_STRUCTURED_FORMAT_CONSOLE");
        problems.addAll(service.keys().unknown(environment));
      }
      assertThat(problems).isEmpty();
    }
    assertThat(production.environment("audit-service"))
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres.example.internal:5432/agentline")
        .containsKey("SPRING_DATASOURCE_PASSWORD");
    assertThat(defaults.environment("audit-service")).doesNotContainKey("SPRING_DATASOURCE_URL");
    assertThat(production.environment("planner-service")).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS",
        "kafka-0.kafka.example.internal:9092,kafka-1.kafka.example.internal:9092,kafka-2.kafka.example.internal:9092");
    assertThat(defaults.environment("planner-service")).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", RELEASE + "-kafka:9092");
    assertThat(defaults.named("Service", RELEASE + "-kafka")).isNotNull();
    assertThat(production.all("Service")).noneMatch(s -> s.path("metadata").path("name").asString().endsWith("-kafka"));
  }

  @Test
  void probesAskTheActuatorHealthGroupsOnTheServicePort() {
    for (ServiceCatalog.Service service : catalog.services()) {
      JsonNode container = defaults.container(service.module());
      assertThat(container.path("ports")).hasSize(1);
      assertThat(container.path("ports").get(0).path("containerPort").asInt()).as(service.module()).isEqualTo(service.port());
      String portName = container.path("ports").get(0).path("name").asString();
      assertThat(container.path("livenessProbe").path("httpGet").path("path").asString()).isEqualTo("/actuator/health/liveness");
      assertThat(container.path("livenessProbe").path("httpGet").path("port").asString()).isEqualTo(portName);
      assertThat(container.path("readinessProbe").path("httpGet").path("path").asString()).isEqualTo("/actuator/health/readiness");
      assertThat(container.path("readinessProbe").path("httpGet").path("port").asString()).isEqualTo(portName);
      assertThat(container.path("resources").path("requests").path("cpu").isMissingNode()).as(service.module() + " cpu request").isFalse();
      assertThat(container.path("resources").path("requests").path("memory").isMissingNode()).as(service.module() + " memory request").isFalse();

      JsonNode kubeService = defaults.named("Service", RELEASE + "-" + service.module());
      assertThat(kubeService.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(service.port());
      assertThat(kubeService.path("spec").path("selector")).isEqualTo(defaults.deployment(service.module()).path("spec").path("selector").path("matchLabels"));
    }
  }

  @Test
  void everyServiceHasAPodDisruptionBudgetSelectingItsPods() {
    for (Manifests manifests : List.of(defaults, production)) {
      for (ServiceCatalog.Service service : catalog.services()) {
        JsonNode pdb = manifests.named("PodDisruptionBudget", RELEASE + "-" + service.module());
        assertThat(pdb).as(service.module() + " PodDisruptionBudget").isNotNull();
        assertThat(pdb.path("spec").path("selector").path("matchLabels"))
            .isEqualTo(manifests.deployment(service.module()).path("spec").path("template").path("metadata").path("labels"));
      }
    }
  }

  @Test
  void secretsReachTheServicesBySecretKeyRefAndAreNeverInlined() {
    Set<String> secretNames = new TreeSet<>();
    Yaml.read(chart.resolve("values.yaml")).path("secrets").path("values").propertyNames().forEach(secretNames::add);
    assertThat(secretNames).contains("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GITHUB_TOKEN", "GITLAB_TOKEN");

    for (Manifests manifests : List.of(defaults, production)) {
      String secret = manifests == defaults ? RELEASE + "-secrets" : "agentline-secrets";
      for (ServiceCatalog.Service service : catalog.services()) {
        for (JsonNode variable : manifests.container(service.module()).path("env")) {
          String name = variable.path("name").asString();
          assertThat(secretNames).as(service.module() + " env " + name + " comes from the secret").contains(name);
          assertThat(variable.has("value")).as(name + " is inlined").isFalse();
          assertThat(variable.path("valueFrom").path("secretKeyRef").path("name").asString()).isEqualTo(secret);
          assertThat(variable.path("valueFrom").path("secretKeyRef").path("key").asString()).isEqualTo(name);
        }
      }
      for (JsonNode configMap : manifests.all("ConfigMap")) {
        assertThat(configMap.path("data").propertyNames()).as("ConfigMap " + configMap.path("metadata").path("name"))
            .doesNotContainAnyElementsOf(secretNames);
      }
    }
    assertThat(defaults.secretEnvNames("worker-service")).contains("ANTHROPIC_API_KEY", "OPENAI_API_KEY");
    assertThat(defaults.secretEnvNames("tool-runner-service")).contains("GITHUB_TOKEN", "GITLAB_TOKEN", "GITHUB_WEBHOOK_SECRET", "GITLAB_WEBHOOK_SECRET");
    assertThat(defaults.named("Secret", RELEASE + "-secrets").path("stringData").propertyNames()).containsAll(secretNames);
    assertThat(production.all("Secret")).as("production uses its existing secret").isEmpty();
  }

  @Test
  void theModelsConfigTheWorkerAndPlannerMountIsValidAndItsKeysComeFromTheSecret(@TempDir Path temp) throws IOException {
    String config = defaults.named("ConfigMap", RELEASE + "-models").path("data").path("models.yaml").asString();
    ModelCatalog models = ModelCatalog.parse(config, "models.yaml", temp);
    for (Role role : Role.values()) assertThat(defaults.secretEnvNames("worker-service")).contains(models.spec(role).apiKeyEnv());
    assertThat(defaults.environment("worker-service")).containsEntry("AGENTLINE_MODELS_CONFIG_FILE", "/etc/agentline/models.yaml");
    assertThat(defaults.environment("planner-service")).containsEntry("AGENTLINE_MODELS_CONFIG_FILE", "/etc/agentline/models.yaml");
  }

  @Test
  void kedaScalesTheWorkersOnTheOutstandingStepsOfEveryRoleOnlyWhenEnabled() {
    assertThat(defaults.all("ScaledObject")).isEmpty();
    assertThat(defaults.all("HorizontalPodAutoscaler")).isEmpty();
    assertThat(defaults.deployment("worker-service").path("spec").path("replicas").asInt()).isEqualTo(1);

    JsonNode scaledObject = production.named("ScaledObject", RELEASE + "-worker-service");
    assertThat(scaledObject.path("spec").path("scaleTargetRef").path("name").asString()).isEqualTo(RELEASE + "-worker-service");
    assertThat(scaledObject.path("spec").path("minReplicaCount").asInt()).isEqualTo(2);
    assertThat(scaledObject.path("spec").path("maxReplicaCount").asInt()).isEqualTo(40);
    List<String> roles = new ArrayList<>();
    for (JsonNode trigger : scaledObject.path("spec").path("triggers")) {
      assertThat(trigger.path("type").asString()).isEqualTo("prometheus");
      String query = trigger.path("metadata").path("query").asString();
      assertThat(query).startsWith("sum(agentline_steps_outstanding{role=\"").contains("namespace=\"agentline\"");
      roles.add(query.replaceAll("^.*role=\"([^\"]+)\".*$", "$1"));
      // one replica per consumersPerRole outstanding steps of a role
      assertThat(trigger.path("metadata").path("threshold").asString()).isEqualTo("4");
    }
    assertThat(roles).containsExactlyInAnyOrderElementsOf(roleSlugs());
    // KEDA owns the replica count
    assertThat(production.deployment("worker-service").path("spec").has("replicas")).isFalse();
    assertThat(production.all("HorizontalPodAutoscaler")).isEmpty();
  }

  @Test
  void theHpaAlternativeScalesOnTheSameGaugeAsAnExternalMetricOrOnCpu() {
    Manifests external = template(new Helm(chart).template().withName(RELEASE).set("worker.autoscaling.hpa.enabled", "true"));
    JsonNode hpa = external.named("HorizontalPodAutoscaler", RELEASE + "-worker-service");
    assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asString()).isEqualTo(RELEASE + "-worker-service");
    List<String> roles = new ArrayList<>();
    for (JsonNode metric : hpa.path("spec").path("metrics")) {
      assertThat(metric.path("type").asString()).isEqualTo("External");
      assertThat(metric.path("external").path("metric").path("name").asString()).isEqualTo("agentline_steps_outstanding");
      roles.add(metric.path("external").path("metric").path("selector").path("matchLabels").path("role").asString());
    }
    assertThat(roles).containsExactlyInAnyOrderElementsOf(roleSlugs());
    assertThat(external.all("ScaledObject")).isEmpty();
    assertThat(external.deployment("worker-service").path("spec").has("replicas")).isFalse();

    Manifests cpu = template(new Helm(chart).template().withName(RELEASE)
        .set("worker.autoscaling.hpa.enabled", "true").set("worker.autoscaling.hpa.metric", "cpu"));
    JsonNode cpuMetric = cpu.named("HorizontalPodAutoscaler", RELEASE + "-worker-service").path("spec").path("metrics").get(0);
    assertThat(cpuMetric.path("resource").path("name").asString()).isEqualTo("cpu");

    assertThatThrownBy(() -> new Helm(chart).template().withName(RELEASE)
            .set("worker.autoscaling.hpa.enabled", "true").set("worker.autoscaling.keda.enabled", "true").call())
        .hasMessageContaining("enable keda or hpa, not both");
  }

  @Test
  void aJobRunsTheSharedTopicScriptWithTheVariablesComposeSetsAgainstTheServicesBrokers() throws IOException {
    String script = Files.readString(chart.resolve("files/create-topics.sh"));
    Set<String> composeVariables = new ComposeFile(ServiceCatalog.repositoryRoot().resolve("docker-compose.yml")).environment("kafka-init").keySet();
    for (Manifests manifests : List.of(defaults, production)) {
      assertThat(manifests.named("ConfigMap", RELEASE + "-topics-script").path("data").path("create-topics.sh").asString()).isEqualTo(script);
      JsonNode job = manifests.named("Job", RELEASE + "-topics-1");
      assertThat(job).isNotNull();
      JsonNode container = job.path("spec").path("template").path("spec").path("containers").get(0);
      assertThat(container.path("image").asString()).isEqualTo("apache/kafka:" + catalog.parentProperty("kafka.version"));
      Map<String, String> environment = new LinkedHashMap<>();
      for (JsonNode variable : container.path("env")) environment.put(variable.path("name").asString(), variable.path("value").asString());
      assertThat(environment.keySet()).containsExactlyInAnyOrderElementsOf(composeVariables);
      assertThat(environment.get("BOOTSTRAP_SERVERS")).isEqualTo(manifests.environment("planner-service").get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
      // the Job owns the topics
      assertThat(manifests.environment("planner-service")).containsEntry("AGENTLINE_PLANNER_CREATE_TOPICS", "false");
    }
    Manifests withoutJob = template(new Helm(chart).template().withName(RELEASE).set("topics.create", "false"));
    assertThat(withoutJob.all("Job")).isEmpty();
  }

  private static List<String> roleSlugs() {
    return Stream.of(Role.values()).map(Roles::slug).toList();
  }

  private static Manifests template(com.marcnuri.helm.TemplateCommand command) {
    return new Manifests(Yaml.documents(command.call()));
  }

  private static void overlay(ObjectNode base, JsonNode overlay) {
    overlay.properties().forEach(entry -> {
      JsonNode existing = base.get(entry.getKey());
      if (existing instanceof ObjectNode object && entry.getValue().isObject()) overlay(object, entry.getValue());
      else base.set(entry.getKey(), entry.getValue());
    });
  }

  private static Path copyChart(Path target) throws IOException {
    try (Stream<Path> files = Files.walk(chart)) {
      for (Path file : files.toList()) {
        Path to = target.resolve(chart.relativize(file).toString());
        if (Files.isDirectory(file)) Files.createDirectories(to);
        else Files.copy(file, to);
      }
    }
    return target;
  }

  @Test
  void theDevBrokerIsTunedAsTheComposeBroker() {
    Map<String, String> compose = new ComposeFile(ServiceCatalog.repositoryRoot().resolve("docker-compose.yml")).environment("kafka");
    Map<String, String> dev = defaults.environment("kafka");
    for (String key : List.of("KAFKA_ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MS", "KAFKA_GROUP_SHARE_RECORD_LOCK_DURATION_MS",
        "KAFKA_GROUP_SHARE_MAX_RECORD_LOCK_DURATION_MS", "KAFKA_GROUP_SHARE_PARTITION_MAX_RECORD_LOCKS")) {
      assertThat(compose).as("docker-compose.yml").containsKey(key);
      assertThat(dev).as("the chart's dev broker").containsEntry(key, compose.get(key));
    }
  }

  /** Rendered manifests by kind and name. */
  private record Manifests(List<JsonNode> documents) {

    List<JsonNode> all(String kind) {
      return documents.stream().filter(d -> kind.equals(d.path("kind").asString())).toList();
    }

    JsonNode named(String kind, String name) {
      return all(kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asString())).findFirst().orElse(null);
    }

    JsonNode deployment(String module) {
      JsonNode deployment = named("Deployment", RELEASE + "-" + module);
      assertThat(deployment).as("Deployment of " + module).isNotNull();
      return deployment;
    }

    JsonNode container(String module) {
      JsonNode containers = deployment(module).path("spec").path("template").path("spec").path("containers");
      assertThat(containers).as(module + " containers").hasSize(1);
      return containers.get(0);
    }

    /** The container's environment: its ConfigMaps' data (envFrom), then its env entries (secret ones without value). */
    Map<String, String> environment(String module) {
      Map<String, String> environment = new LinkedHashMap<>();
      JsonNode container = container(module);
      for (JsonNode source : container.path("envFrom")) {
        String name = source.path("configMapRef").path("name").asString();
        JsonNode configMap = named("ConfigMap", name);
        assertThat(configMap).as(module + " envFrom ConfigMap " + name).isNotNull();
        environment.putAll(Yaml.strings(configMap.path("data")));
      }
      for (JsonNode variable : container.path("env")) {
        environment.put(variable.path("name").asString(), variable.has("value") ? variable.path("value").asString() : null);
      }
      return environment;
    }

    List<String> secretEnvNames(String module) {
      List<String> names = new ArrayList<>();
      for (JsonNode variable : container(module).path("env")) {
        if (variable.path("valueFrom").has("secretKeyRef")) names.add(variable.path("name").asString());
      }
      return names;
    }
  }
}
