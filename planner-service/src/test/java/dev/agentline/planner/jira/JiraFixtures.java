package dev.agentline.planner.jira;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The realistic Jira payloads under src/test/resources/jira. */
final class JiraFixtures {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private JiraFixtures() {}

  static String text(String name) {
    try (InputStream in = JiraFixtures.class.getResourceAsStream("/jira/" + name)) {
      if (in == null) throw new IllegalArgumentException("no fixture " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    return JSON.readTree(text(name));
  }
}
