package dev.agentline.deployment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** docker-compose.yml as read by the tests: its services, and their environments with {@code ${VAR:-default}} at the default. */
final class ComposeFile {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::?-([^}]*))?}");

  private final JsonNode services;

  ComposeFile(Path file) {
    this.services = Yaml.read(file).required("services");
  }

  JsonNode services() {
    return services;
  }

  JsonNode service(String name) {
    return services.path(name);
  }

  Map<String, String> environment(String service) {
    Map<String, String> environment = new LinkedHashMap<>();
    Yaml.strings(services.path(service).required("environment")).forEach((key, value) -> environment.put(key, withDefaults(value)));
    return environment;
  }

  static String withDefaults(String value) {
    if (value == null) return null;
    return VARIABLE.matcher(value).replaceAll(m -> Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
  }
}
