package dev.agentline.platform.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.agentline.schemas.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
  @TempDir Path dir;

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void everyRoleInheritsTheDefaultsAndARoleEntryOverridesThem() throws IOException {
    Path file = write("models.yaml", """
        defaults:
          provider: openai-compatible
          base-url: http://localhost:11434/v1
          model: qwen2.5-coder
          temperature: 0.2
          max-output-tokens: 2048
          context-tokens: 8000
          timeout: 60s
          price: {input: 0.15, output: 0.60}
        roles:
          manager: {provider: anthropic, model: claude-sonnet-4-5, api-key-env: ANTHROPIC_API_KEY, price: {input: 3, output: 15}}
          review: {model: "qwen2.5-coder:32b", context-tokens: 16000}
        record: recorded-cassette.yaml
        """);

    ModelCatalog catalog = ModelCatalog.load(file);

    assertThat(catalog.spec(Role.CODE_EDIT)).isEqualTo(new ModelSpec("openai-compatible", "qwen2.5-coder", "http://localhost:11434/v1", null, 0.2,
        2048, Duration.ofSeconds(60), 0.15, 0.60, 8000, null));
    ModelSpec manager = catalog.spec(Role.MANAGER);
    assertThat(manager.provider()).isEqualTo("anthropic");
    assertThat(manager.baseUrl()).as("an inherited base-url belongs to the other provider").isEqualTo(ModelCatalog.ANTHROPIC_BASE_URL);
    assertThat(manager.apiKeyEnv()).isEqualTo("ANTHROPIC_API_KEY");
    assertThat(manager.temperature()).isEqualTo(0.2);
    assertThat(manager.maxOutputTokens()).isEqualTo(2048);
    assertThat(manager.inputUsdPerMillion()).isEqualTo(3);
    ModelSpec review = catalog.spec(Role.REVIEW);
    assertThat(review.model()).isEqualTo("qwen2.5-coder:32b");
    assertThat(review.baseUrl()).isEqualTo("http://localhost:11434/v1");
    assertThat(review.contextTokens()).isEqualTo(16000);
    assertThat(review.outputUsdPerMillion()).isEqualTo(0.60);
    assertThat(catalog.recordTo()).contains(dir.resolve("recorded-cassette.yaml"));
  }

  @Test
  void theFlatFormatWithAPriceTableStillWorks() throws IOException {
    write("tests.yaml", "interactions: []\n");
    Path file = write("models.yaml", """
        provider: openai
        api-key-env: MY_OPENAI_KEY
        model: gpt-4o-mini
        timeout: 90
        roles:
          manager: {model: gpt-4o}
          test-writer: {provider: replay, cassette: tests.yaml}
        prices:
          gpt-4o: {input: 2.5, output: 10}
          gpt-4o-mini: {input: 0.15, output: 0.6}
        """);

    ModelCatalog catalog = ModelCatalog.load(file);

    assertThat(catalog.spec(Role.MANAGER).baseUrl()).isEqualTo(ModelCatalog.OPENAI_BASE_URL);
    assertThat(catalog.spec(Role.MANAGER).apiKeyEnv()).isEqualTo("MY_OPENAI_KEY");
    assertThat(catalog.spec(Role.MANAGER).inputUsdPerMillion()).isEqualTo(2.5);
    assertThat(catalog.spec(Role.CODE_EDIT).outputUsdPerMillion()).isEqualTo(0.6);
    assertThat(catalog.spec(Role.CODE_EDIT).timeout()).isEqualTo(Duration.ofSeconds(90));
    ModelSpec tests = catalog.spec(Role.TEST_WRITER);
    assertThat(tests.provider()).isEqualTo("replay");
    assertThat(tests.cassette()).isEqualTo(dir.resolve("tests.yaml"));
    assertThat(tests.model()).isNull();
    assertThat(tests.apiKeyEnv()).isNull();
    assertThat(catalog.recordTo()).isEmpty();
  }

  @Test
  void providersGetTheirUsualKeyVariableAndBaseUrlAndOpenAiCompatibleNeedsNoKey() throws IOException {
    Path file = write("models.yaml", """
        provider: openai
        model: gpt-4o-mini
        roles:
          manager: {provider: anthropic, model: claude-sonnet-4-5}
          analysis: {provider: openai-compatible, base-url: "http://vllm:8000/v1", model: qwen}
        """);

    ModelCatalog catalog = ModelCatalog.load(file);

    assertThat(catalog.spec(Role.CODE_EDIT).apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
    assertThat(catalog.spec(Role.MANAGER).apiKeyEnv()).isEqualTo("ANTHROPIC_API_KEY");
    assertThat(catalog.spec(Role.ANALYSIS).apiKeyEnv()).isNull();
    assertThat(catalog.spec(Role.ANALYSIS).baseUrl()).isEqualTo("http://vllm:8000/v1");
  }

  @Test
  void aCassetteAsConfigReplaysItForEveryRole() throws IOException {
    Path cassette = write("demo.yaml", "interactions:\n  - role: manager\n    response: ok\n");

    ModelCatalog catalog = ModelCatalog.load(cassette);

    for (Role role : Role.values()) {
      assertThat(catalog.spec(role).provider()).isEqualTo("replay");
      assertThat(catalog.spec(role).cassette()).isEqualTo(cassette);
      assertThat(catalog.spec(role).costUsd(1000, 1000)).isZero();
    }
  }

  @Test
  void withoutAFileEveryRoleIsFreeWithDefaultLimits() {
    ModelSpec spec = ModelCatalog.defaults().spec(Role.MANAGER);

    assertThat(spec.maxOutputTokens()).isEqualTo(4096);
    assertThat(spec.contextTokens()).isEqualTo(8000);
    assertThat(spec.maxCallCostUsd()).isZero();
    assertThat(ModelCatalog.defaults().recordTo()).isEmpty();
  }

  @Test
  void costIsPricedPerMillionTokens() {
    ModelSpec spec = new ModelSpec("anthropic", "claude", "u", "K", null, 1000, Duration.ofSeconds(5), 3, 15, 8000, null);

    assertThat(spec.costUsd(1_000, 200)).isCloseTo(0.003 + 0.003, within(1e-12));
    assertThat(spec.maxCallCostUsd()).isCloseTo(8000 * 3e-6 + 1000 * 15e-6, within(1e-12));
    assertThat(spec.maxCallTokens()).isEqualTo(9000);
  }

  @Test
  void inlineSettingsOverrideTheDefaultsButNotARoleEntryOfTheFile() throws IOException {
    Path file = write("models.yaml", "provider: openai\nmodel: gpt-4o-mini\nroles:\n  manager: {model: gpt-4o}\n");
    ModelSettings inline = new ModelSettings(null, "qwen", "http://vllm/v1", null, null, null, null, 4000, null, null, null, null);
    ModelSettings codeEdit = new ModelSettings(null, "deepseek", null, null, null, 0.0, null, null, null, null, null, null);

    ModelCatalog catalog = ModelCatalog.load(file).overriddenBy(inline, Map.of(Role.CODE_EDIT, codeEdit), dir.resolve("rec.yaml"), "agentline.models");

    assertThat(catalog.spec(Role.MANAGER).model()).isEqualTo("gpt-4o");
    assertThat(catalog.spec(Role.MANAGER).baseUrl()).isEqualTo("http://vllm/v1");
    assertThat(catalog.spec(Role.CODE_EDIT).model()).isEqualTo("deepseek");
    assertThat(catalog.spec(Role.CODE_EDIT).temperature()).isZero();
    assertThat(catalog.spec(Role.REVIEW).model()).isEqualTo("qwen");
    assertThat(catalog.spec(Role.REVIEW).contextTokens()).isEqualTo(4000);
    assertThat(catalog.recordTo()).contains(dir.resolve("rec.yaml"));
  }

  @Test
  void aLiteralKeyIsKeptOutOfTheSpec() throws IOException {
    ModelCatalog catalog = ModelCatalog.load(write("models.yaml", "provider: openai\nmodel: m\napi-key: sk-literal\n"));

    assertThat(catalog.apiKey(Role.MANAGER)).contains("sk-literal");
    assertThat(catalog.spec(Role.MANAGER).apiKeyEnv()).isNull();
    assertThat(catalog.spec(Role.MANAGER).toString()).doesNotContain("sk-literal");
  }

  @Test
  void errorsNameTheFileAndTheKey() throws IOException {
    Path a = write("a.yaml", "provider: openai\nmodle: m\n");
    assertThatThrownBy(() -> ModelCatalog.load(a)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(a + ": modle is not a models config key");
    Path b = write("b.yaml", "defaults: {provider: anthropic}\n");
    assertThatThrownBy(() -> ModelCatalog.load(b)).hasMessage(b + ": model is required for provider anthropic (role manager)");
    Path c = write("c.yaml", "provider: openai\nmodel: m\nroles:\n  reviewer: {model: x}\n");
    assertThatThrownBy(() -> ModelCatalog.load(c)).hasMessageStartingWith(c + ": roles.reviewer no such role (manager | code-edit");
    Path d = write("d.yaml", "provider: gemini\nmodel: m\n");
    assertThatThrownBy(() -> ModelCatalog.load(d)).hasMessage(d + ": provider must be one of anthropic, openai, openai-compatible, replay, was gemini");
    Path e = write("e.yaml", "provider: openai\nmodel: m\nroles:\n  review: {max-output-tokens: lots}\n");
    assertThatThrownBy(() -> ModelCatalog.load(e)).hasMessage(e + ": roles.review.max-output-tokens must be a whole number >= 1, was lots");
    Path f = write("f.yaml", "provider: openai\nmodel: m\ndefaults: {timeout: soon}\n");
    assertThatThrownBy(() -> ModelCatalog.load(f)).hasMessage(f + ": defaults.timeout must be like 90s, 500ms, 2m or PT90S, was soon");
    Path g = write("g.yaml", "provider: openai\nmodel: m\nroles:\n  manager: {price: {input: -1}}\n");
    assertThatThrownBy(() -> ModelCatalog.load(g)).hasMessage(g + ": roles.manager.price.input must be >= 0 (USD per million tokens), was -1.0");
    Path h = write("h.yaml", "provider: openai-compatible\nmodel: m\n");
    assertThatThrownBy(() -> ModelCatalog.load(h)).hasMessage(h + ": base-url is required for provider openai-compatible (role manager)");
    Path i = write("i.yaml", "provider: [openai\n");
    assertThatThrownBy(() -> ModelCatalog.load(i)).hasMessageStartingWith(i + ": not valid YAML");
    assertThatThrownBy(() -> ModelCatalog.load(dir.resolve("missing.yaml"))).hasMessageStartingWith(dir.resolve("missing.yaml") + ": cannot read");
    Path j = write("j.yaml", "provider: replay\n");
    assertThatThrownBy(() -> ModelCatalog.load(j)).hasMessage(j + ": cassette is required for provider replay (role manager)");
  }
}
