package dev.agentline.worker.models;

import dev.agentline.platform.models.ModelSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code agentline.models}: which model answers each role. {@code config-file} names a models config
 * or a cassette (see {@link dev.agentline.platform.models.ModelCatalog}); the inline keys override the
 * file's defaults, and {@code roles.<role>.*} override the file's entry for that role. Prices are US
 * dollars per million tokens.
 */
@ConfigurationProperties("agentline.models")
public record ModelsProperties(
    String configFile,
    String recordTo,
    String provider,
    String model,
    String baseUrl,
    String apiKeyEnv,
    String apiKey,
    Double temperature,
    Integer maxOutputTokens,
    Integer contextTokens,
    Duration timeout,
    Price price,
    String cassette,
    Map<String, RoleModel> roles) {

  public ModelsProperties {
    roles = roles == null ? Map.of() : Map.copyOf(roles);
  }

  /** Only the config file, for tests and the launcher. */
  public static ModelsProperties ofFile(String configFile) {
    return new ModelsProperties(configFile, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  ModelSettings settings() {
    return toSettings(provider, model, baseUrl, apiKeyEnv, apiKey, temperature, maxOutputTokens, contextTokens, timeout, price, cassette);
  }

  /** USD per million input and output tokens. */
  public record Price(Double input, Double output) {}

  /** {@code agentline.models.roles.<manager|code-edit|test-writer|analysis|review>.*}. */
  public record RoleModel(String provider, String model, String baseUrl, String apiKeyEnv, String apiKey, Double temperature,
      Integer maxOutputTokens, Integer contextTokens, Duration timeout, Price price, String cassette) {

    ModelSettings settings() {
      return toSettings(provider, model, baseUrl, apiKeyEnv, apiKey, temperature, maxOutputTokens, contextTokens, timeout, price, cassette);
    }
  }

  private static ModelSettings toSettings(String provider, String model, String baseUrl, String apiKeyEnv, String apiKey, Double temperature,
      Integer maxOutputTokens, Integer contextTokens, Duration timeout, Price price, String cassette) {
    return new ModelSettings(provider == null ? null : provider.trim().toLowerCase(java.util.Locale.ROOT), model, baseUrl, apiKeyEnv, apiKey,
        temperature, maxOutputTokens, contextTokens, timeout, price == null ? null : price.input() == null ? 0.0 : price.input(),
        price == null ? null : price.output() == null ? 0.0 : price.output(), cassette == null ? null : Path.of(cassette));
  }
}
