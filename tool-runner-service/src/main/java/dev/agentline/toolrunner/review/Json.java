package dev.agentline.toolrunner.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Field access on webhook and REST payloads: dotted paths, a {@link PayloadException} naming the missing one. */
final class Json {
  private static final DateTimeFormatter GITLAB_OLD = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Json() {}

  static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) node = node == null ? null : node.get(part);
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }

  static JsonNode node(JsonNode root, String path) {
    JsonNode node = at(root, path);
    if (node == null) throw new PayloadException(path, "the payload has no " + path);
    return node;
  }

  static String text(JsonNode root, String path) {
    JsonNode node = node(root, path);
    if (!node.isValueNode() || node.asText().isBlank()) throw new PayloadException(path, "the payload's " + path + " is empty");
    return node.asText();
  }

  static String textOr(JsonNode root, String path, String fallback) {
    JsonNode node = at(root, path);
    return node == null || !node.isValueNode() || node.asText().isEmpty() ? fallback : node.asText();
  }

  static long number(JsonNode root, String path) {
    JsonNode node = node(root, path);
    if (!node.canConvertToLong() && !node.asText().matches("\\d+")) {
      throw new PayloadException(path, "the payload's " + path + " is not a number");
    }
    return node.asLong();
  }

  static Integer intOr(JsonNode root, String path) {
    JsonNode node = at(root, path);
    return node == null || !node.canConvertToInt() ? null : node.asInt();
  }

  /** ISO-8601 (GitHub, GitLab) or GitLab's older {@code 2015-05-17 18:08:09 UTC}; null when absent or unreadable. */
  static Instant time(JsonNode root, String path) {
    String value = textOr(root, path, null);
    if (value == null) return null;
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(value.replace(" UTC", "").strip(), GITLAB_OLD).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** Runs {@code read} on an object nested at {@code prefix}: a missing field is named by its whole path. */
  static <T> T within(String prefix, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (PayloadException e) {
      String field = prefix + "." + e.field;
      throw new PayloadException(field, "the payload has no " + field);
    }
  }

  /** The first non-null of the times, else {@code fallback}. */
  static Instant timeOr(Instant fallback, Instant... times) {
    for (Instant t : times) if (t != null) return t;
    return fallback;
  }
}
