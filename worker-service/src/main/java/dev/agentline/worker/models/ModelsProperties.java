package dev.agentline.worker.models;

import dev.agentline.worker.cost.Price;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code agentline.models}: which model answers each role. Either {@code config-file} (a cassette,
 * or a models config YAML) or the inline keys; inline keys override the file's values, and
 * {@code roles.<role>.*} override both for one role. Prices are US dollars per million tokens.
 */
@ConfigurationProperties("agentline.models")
public record ModelsProperties(
    String configFile,
    String provider,
    String cassette,
    String baseUrl,
    String apiKey,
    String model,
    Duration timeout,
    Map<String, RoleModel> roles,
    Map<String, Price> prices) {

  public ModelsProperties {
    roles = roles == null ? Map.of() : Map.copyOf(roles);
    prices = prices == null ? Map.of() : Map.copyOf(prices);
  }

  /** {@code agentline.models.roles.<manager|code-edit|test-writer>.*}. */
  public record RoleModel(String provider, String cassette, String baseUrl, String apiKey, String model, Duration timeout) {}
}
