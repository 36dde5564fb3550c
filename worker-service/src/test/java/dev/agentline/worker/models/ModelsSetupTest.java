package dev.agentline.worker.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import dev.agentline.worker.cost.Price;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsSetupTest {
  private static final Function<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-from-env")::get;

  @TempDir Path dir;

  private static ModelsProperties configFile(Path file) {
    return new ModelsProperties(file.toString(), null, null, null, null, null, null, null, null);
  }

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void withNothingSetStartupFailsNamingTheConfigFileKey() {
    assertThatThrownBy(() -> ModelsSetup.from(new ModelsProperties(null, null, null, null, null, null, null, null, null), ENV))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("set agentline.models.config-file to a cassette or models config");
  }

  @Test
  void aCassetteAsConfigFileAnswersEveryRoleByReplay() throws IOException {
    Path cassette = write("demo.yaml", "interactions:\n  - role: manager\n    response: ok\n");

    ModelsSetup setup = ModelsSetup.from(configFile(cassette), ENV);

    for (Role role : Role.values()) assertThat(setup.describe(role)).isEqualTo("replay " + cassette);
    ModelResponse answer = setup.client().call(new ModelRequest(Role.MANAGER, StepKind.PLAN, "plan", 1, "t/plan/1", List.of(Message.user("x"))));
    assertThat(answer.text()).isEqualTo("ok");
    assertThat(answer.model()).isEqualTo("cassette:demo.yaml");
  }

  @Test
  void aModelsConfigGivesEachRoleItsModelWithTheKeyFromTheEnvironment() throws IOException {
    write("tests.yaml", "interactions:\n  - role: test-writer\n    response: t\n");
    Path config = write("models.yaml", """
        provider: openai
        base-url: http://localhost:11434/v1
        api-key-env: OPENAI_API_KEY
        model: gpt-4o-mini
        timeout: 90s
        roles:
          manager: {model: gpt-4o}
          test-writer: {provider: replay, cassette: tests.yaml}
        prices:
          gpt-4o: {input: 2.5, output: 10}
        """);

    ModelsSetup setup = ModelsSetup.from(configFile(config), ENV);

    assertThat(setup.describe(Role.MANAGER)).isEqualTo("openai gpt-4o at http://localhost:11434/v1");
    assertThat(setup.describe(Role.CODE_EDIT)).isEqualTo("openai gpt-4o-mini at http://localhost:11434/v1");
    assertThat(setup.describe(Role.TEST_WRITER)).isEqualTo("replay " + dir.resolve("tests.yaml"));
    assertThat(setup.costTable().priceOf("gpt-4o")).isEqualTo(new Price(2.5, 10));
    RoleRoutedModelClient client = (RoleRoutedModelClient) setup.client();
    assertThat(client.forRole(Role.MANAGER)).isInstanceOf(OpenAiModelClient.class).isNotSameAs(client.forRole(Role.CODE_EDIT));
    assertThat(client.forRole(Role.TEST_WRITER)).isInstanceOf(ReplayModelClient.class);
  }

  @Test
  void inlineKeysOverrideTheFileAndRoleKeysOverrideBoth() throws IOException {
    Path config = write("models.yaml", "provider: openai\napi-key: k\nmodel: gpt-4o-mini\nroles:\n  manager: {model: gpt-4o}\n");
    ModelsProperties properties = new ModelsProperties(config.toString(), null, null, "http://vllm:8000/v1", null, "qwen2.5-coder", null,
        Map.of("code-edit", new ModelsProperties.RoleModel(null, null, null, null, "deepseek-coder", Duration.ofSeconds(30))),
        Map.of("qwen2.5-coder", new Price(0.1, 0.2)));

    ModelsSetup setup = ModelsSetup.from(properties, ENV);

    assertThat(setup.describe(Role.MANAGER)).isEqualTo("openai gpt-4o at http://vllm:8000/v1");
    assertThat(setup.describe(Role.CODE_EDIT)).isEqualTo("openai deepseek-coder at http://vllm:8000/v1");
    assertThat(setup.describe(Role.TEST_WRITER)).isEqualTo("openai qwen2.5-coder at http://vllm:8000/v1");
    assertThat(setup.costTable().priceOf("qwen2.5-coder")).isEqualTo(new Price(0.1, 0.2));
  }

  @Test
  void inlineReplayNeedsNoFile() {
    ModelsProperties properties = new ModelsProperties(null, "replay", "classpath:cassettes/worker-test.yaml", null, null, null, null, null, null);

    assertThat(ModelsSetup.from(properties, ENV).describe(Role.CODE_EDIT)).isEqualTo("replay classpath:cassettes/worker-test.yaml");
  }

  @Test
  void errorsNameWhatToFix() throws IOException {
    assertThatThrownBy(() -> ModelsSetup.from(configFile(write("a.yaml", "provider: openai\napi-key-env: NOPE\nmodel: m\n")), ENV))
        .hasMessageStartingWith("environment variable NOPE");
    assertThatThrownBy(() -> ModelsSetup.from(configFile(write("b.yaml", "provider: openai\napi-key: k\n")), ENV))
        .hasMessageStartingWith("agentline.models.model is required for provider openai");
    assertThatThrownBy(() -> ModelsSetup.from(configFile(write("c.yaml", "provider: openai\nmodel: m\n")), ENV))
        .hasMessageStartingWith("agentline.models.api-key (or api-key-env in the models config) is required");
    assertThatThrownBy(() -> ModelsSetup.from(configFile(write("d.yaml", "provider: openai\nmodle: m\n")), ENV))
        .hasMessageContaining("unknown key 'modle'");
    assertThatThrownBy(() -> ModelsSetup.from(configFile(write("e.yaml", "provider: anthropic\nmodel: m\n")), ENV))
        .hasMessage("agentline.models.roles.manager.provider must be replay or openai, was anthropic");
    assertThatThrownBy(() -> ModelsSetup.from(configFile(write("f.yaml", "provider: replay\nroles:\n  reviewer: {model: x}\n")), ENV))
        .hasMessageContaining("roles.reviewer: no such role");
    assertThatThrownBy(() -> ModelsSetup.from(configFile(dir.resolve("missing.yaml")), ENV))
        .hasMessageStartingWith("agentline.models.config-file (" + dir.resolve("missing.yaml") + "): no such file");
    assertThatThrownBy(() -> ModelsSetup.from(configFile(write("g.yaml", "provider: replay\n")), ENV))
        .hasMessageStartingWith("agentline.models.cassette is required for provider replay");
  }
}
