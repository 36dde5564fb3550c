package dev.agentline.worker.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsSetupTest {
  private static final Function<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-from-env", "ANTHROPIC_API_KEY", "sk-ant")::get;

  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  private static ModelsProperties inline(String provider, String cassette, String model, String apiKey, Map<String, ModelsProperties.RoleModel> roles) {
    return new ModelsProperties(null, null, provider, model, null, null, apiKey, null, null, null, null, null, cassette, roles);
  }

  @Test
  void withNothingSetStartupFailsNamingTheConfigFileKey() {
    assertThatThrownBy(() -> ModelsSetup.from(ModelsProperties.ofFile(null), ENV))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("set agentline.models.config-file to a cassette or models config");
  }

  @Test
  void aCassetteAsConfigFileAnswersEveryRoleByReplay() throws IOException {
    Path cassette = write("demo.yaml", "interactions:\n  - role: manager\n    response: ok\n");

    ModelsSetup setup = ModelsSetup.from(ModelsProperties.ofFile(cassette.toString()), ENV);

    for (Role role : Role.values()) assertThat(setup.describe(role)).isEqualTo("replay " + cassette);
    ModelResponse answer = setup.client(RetryPolicy.none(), d -> { }, Clock.systemUTC())
        .call(new ModelRequest(Role.MANAGER, StepKind.PLAN, "plan", 1, 0, "t/plan/1", List.of(Message.user("x"))));
    assertThat(answer.text()).isEqualTo("ok");
    assertThat(answer.model()).isEqualTo("cassette:demo.yaml");
  }

  @Test
  void aModelsConfigGivesEachRoleItsProviderWithTheKeyFromTheEnvironment() throws IOException {
    write("tests.yaml", "interactions:\n  - role: test-writer\n    response: t\n");
    Path config = write("models.yaml", """
        defaults:
          provider: openai
          model: gpt-4o-mini
          timeout: 90s
        roles:
          manager: {provider: anthropic, model: claude-sonnet-4-5, price: {input: 3, output: 15}}
          analysis: {provider: openai-compatible, base-url: "http://localhost:11434/v1", model: qwen2.5-coder}
          test-writer: {provider: replay, cassette: tests.yaml}
        """);

    ModelsSetup setup = ModelsSetup.from(ModelsProperties.ofFile(config.toString()), ENV);

    assertThat(setup.describe(Role.MANAGER)).isEqualTo("anthropic claude-sonnet-4-5 at https://api.anthropic.com/v1/");
    assertThat(setup.describe(Role.CODE_EDIT)).isEqualTo("openai gpt-4o-mini at https://api.openai.com/v1");
    assertThat(setup.describe(Role.ANALYSIS)).isEqualTo("openai-compatible qwen2.5-coder at http://localhost:11434/v1");
    assertThat(setup.describe(Role.TEST_WRITER)).isEqualTo("replay " + dir.resolve("tests.yaml"));
    assertThat(setup.catalog().spec(Role.MANAGER).costUsd(1_000_000, 0)).isEqualTo(3);
    RoleRoutedModelClient client = (RoleRoutedModelClient) setup.client(RetryPolicy.none(), d -> { }, Clock.systemUTC());
    assertThat(client.forRole(Role.MANAGER)).isInstanceOf(RetryingModelClient.class).isNotSameAs(client.forRole(Role.CODE_EDIT));
    assertThat(client.forRole(Role.CODE_EDIT)).isSameAs(client.forRole(Role.REVIEW));
    assertThat(client.forRole(Role.TEST_WRITER)).isInstanceOf(ReplayModelClient.class);
  }

  @Test
  void inlineKeysOverrideTheFileAndRoleKeysOverrideBoth() throws IOException {
    Path config = write("models.yaml", "provider: openai\nmodel: gpt-4o-mini\nroles:\n  manager: {model: gpt-4o}\n");
    ModelsProperties properties = new ModelsProperties(config.toString(), null, "openai-compatible", "qwen2.5-coder", "http://vllm:8000/v1", null,
        null, null, null, 4000, null, new ModelsProperties.Price(0.1, 0.2), null,
        Map.of("code-edit", new ModelsProperties.RoleModel(null, "deepseek-coder", null, null, null, 0.0, null, null, Duration.ofSeconds(30), null,
            null)));

    ModelsSetup setup = ModelsSetup.from(properties, ENV);

    assertThat(setup.describe(Role.MANAGER)).isEqualTo("openai-compatible gpt-4o at http://vllm:8000/v1");
    assertThat(setup.describe(Role.CODE_EDIT)).isEqualTo("openai-compatible deepseek-coder at http://vllm:8000/v1");
    assertThat(setup.describe(Role.TEST_WRITER)).isEqualTo("openai-compatible qwen2.5-coder at http://vllm:8000/v1");
    assertThat(setup.catalog().spec(Role.CODE_EDIT).timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(setup.catalog().spec(Role.REVIEW).contextTokens()).isEqualTo(4000);
    assertThat(setup.catalog().spec(Role.REVIEW).inputUsdPerMillion()).isEqualTo(0.1);
  }

  @Test
  void inlineReplayNeedsNoFile() {
    ModelsSetup setup = ModelsSetup.from(inline("replay", "classpath:cassettes/worker-test.yaml", null, null, null), ENV);

    assertThat(setup.describe(Role.CODE_EDIT)).isEqualTo("replay classpath:cassettes/worker-test.yaml");
  }

  @Test
  void aRoleWhoseKeyVariableIsMissingOrEmptyStopsStartupNamingTheVariableAndTheRole() throws IOException {
    Path config = write("models.yaml", "provider: openai-compatible\nbase-url: http://localhost:11434/v1\nmodel: qwen\n"
        + "roles:\n  review: {provider: anthropic, model: claude-sonnet-4-5, api-key-env: AGENTLINE_REVIEW_KEY}\n");

    assertThatThrownBy(() -> ModelsSetup.from(ModelsProperties.ofFile(config.toString()), Map.<String, String>of()::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("environment variable AGENTLINE_REVIEW_KEY is not set: role review uses provider anthropic with api-key-env AGENTLINE_REVIEW_KEY");
    assertThatThrownBy(() -> ModelsSetup.from(ModelsProperties.ofFile(write("o.yaml", "provider: openai\nmodel: m\n").toString()),
            Map.of("OPENAI_API_KEY", " ")::get))
        .hasMessageStartingWith("environment variable OPENAI_API_KEY is not set: role manager uses provider openai");
  }

  @Test
  void anInlineKeyNeedsNoEnvironment() {
    assertThat(ModelsSetup.from(inline("openai", null, "gpt-4o-mini", "sk-inline", null), Map.<String, String>of()::get).describe(Role.MANAGER))
        .isEqualTo("openai gpt-4o-mini at https://api.openai.com/v1");
  }

  @Test
  void errorsNameWhatToFix() throws IOException {
    Path b = write("b.yaml", "provider: openai\n");
    assertThatThrownBy(() -> ModelsSetup.from(ModelsProperties.ofFile(b.toString()), ENV))
        .hasMessage("agentline.models.config-file (" + b + "): " + b + ": model is required for provider openai (role manager)");
    Path d = write("d.yaml", "provider: openai\nmodle: m\n");
    assertThatThrownBy(() -> ModelsSetup.from(ModelsProperties.ofFile(d.toString()), ENV)).hasMessageContaining("modle is not a models config key");
    assertThatThrownBy(() -> ModelsSetup.from(inline("replay", "x.yaml", null, null, Map.of("reviewer", emptyRole())), ENV))
        .hasMessageStartingWith("agentline.models.roles.reviewer: no such role");
    assertThatThrownBy(() -> ModelsSetup.from(ModelsProperties.ofFile(dir.resolve("missing.yaml").toString()), ENV))
        .hasMessageStartingWith("agentline.models.config-file (" + dir.resolve("missing.yaml") + "): " + dir.resolve("missing.yaml") + ": cannot read");
    assertThatThrownBy(() -> ModelsSetup.from(inline("replay", null, null, null, null), ENV))
        .hasMessageContaining("cassette is required for provider replay");
  }

  private static ModelsProperties.RoleModel emptyRole() {
    return new ModelsProperties.RoleModel(null, null, null, null, null, null, null, null, null, null, null);
  }
}
