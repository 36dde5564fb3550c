package dev.agentline.planner.jira;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An issue (as {@code GET /rest/api/3/issue/{key}} returns it) to a task spec: the JSON fields of {@code POST /api/tasks}, by
 * {@link JiraProperties.Mapping}. Plain: no HTTP, no Kafka. What is missing is named, field by field.
 */
final class IssueMapping {
  static final Set<String> LIST_FIELDS = Set.of("acceptanceCriteria", "labels", "constraints", "interfaces");
  static final List<String> REQUIRED = List.of("repository", "title", "testCommand");

  private final JiraProperties.Mapping mapping;

  IssueMapping(JiraProperties.Mapping mapping) {
    this.mapping = mapping;
  }

  /** The spec, or what keeps the issue from being one. */
  record Result(Map<String, Object> spec, List<String> problems) {
    boolean ok() {
      return problems.isEmpty();
    }
  }

  /** The Jira fields the mapping reads (for a search's {@code fields}). */
  List<String> jiraFields() {
    List<String> fields = new ArrayList<>(List.of("summary", "labels", "project", "components", "issuetype", "updated"));
    for (String field : mapping.fields().values()) if (!fields.contains(field) && !field.equals("key")) fields.add(field);
    return fields;
  }

  static String taskId(String issueKey) {
    return "jira-" + issueKey;
  }

  static boolean hasLabel(JsonNode issue, String label) {
    for (JsonNode value : issue.path("fields").path("labels")) if (value.asString("").equals(label)) return true;
    return false;
  }

  Result map(JsonNode issue) {
    Map<String, Object> spec = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> entry : mapping.fields().entrySet()) {
      String target = entry.getKey();
      JsonNode raw = jiraValue(issue, entry.getValue());
      Object value = LIST_FIELDS.contains(target) ? list(raw) : target.equals("requester") ? person(raw) : scalar(raw);
      if (!isEmpty(value)) spec.put(target, value);
    }
    spec.putIfAbsent("repository", repository(issue));
    spec.putIfAbsent("workType", mapping.workTypes().get(issue.path("fields").path("issuetype").path("name").asString("")));
    for (Map.Entry<String, String> entry : mapping.defaults().entrySet()) {
      if (isEmpty(spec.get(entry.getKey()))) {
        spec.put(entry.getKey(), LIST_FIELDS.contains(entry.getKey()) ? List.of(entry.getValue().split("\\s*,\\s*")) : entry.getValue());
      }
    }
    spec.values().removeIf(IssueMapping::isEmpty);
    spec.put("ticketKey", issue.path("key").asString());
    for (String required : REQUIRED) {
      if (!isEmpty(spec.get(required))) continue;
      problems.add(required + ": " + why(required, issue));
    }
    return new Result(spec, problems);
  }

  private String why(String field, JsonNode issue) {
    if (field.equals("repository") && !mapping.fields().containsKey("repository")) {
      return "no agentline.jira.mapping.repositories entry for project " + issue.path("fields").path("project").path("key").asString("?")
          + components(issue) + ", and no agentline.jira.mapping.defaults.repository";
    }
    String source = mapping.fields().get(field);
    return source == null ? "no Jira field is mapped to it (agentline.jira.mapping.fields." + field + ") and it has no default (agentline.jira.mapping.defaults." + field + ")"
        : "the issue's " + source + " is empty and agentline.jira.mapping.defaults." + field + " is not set";
  }

  private static String components(JsonNode issue) {
    List<String> names = new ArrayList<>();
    issue.path("fields").path("components").forEach(c -> names.add(c.path("name").asString("")));
    return names.isEmpty() ? "" : " or its components " + names;
  }

  /** A component's repository wins over its project's. */
  private String repository(JsonNode issue) {
    for (JsonNode component : issue.path("fields").path("components")) {
      String repository = mapping.repositories().get(component.path("name").asString(""));
      if (repository != null) return repository;
    }
    return mapping.repositories().get(issue.path("fields").path("project").path("key").asString(""));
  }

  private static JsonNode jiraValue(JsonNode issue, String field) {
    return field.equals("key") ? issue.path("key") : issue.path("fields").path(field);
  }

  /** A Jira user as the agentline name {@code users} gives their account id, e-mail or display name; else as {@link #scalar}. */
  private String person(JsonNode value) {
    if (value != null && value.isObject()) {
      for (String name : List.of("accountId", "emailAddress", "displayName")) {
        String known = mapping.user(value.path(name).asString(null));
        if (known != null) return known;
      }
    }
    return scalar(value);
  }

  /** Text of a Jira value: a string, an ADF document, a select option, a user, a project, a number. */
  static String scalar(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) return null;
    if (value.isString()) return value.asString().strip();
    if (value.isNumber() || value.isBoolean()) return value.asString();
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode item : value) {
        String part = scalar(item);
        if (part != null && !part.isBlank()) parts.add(part);
      }
      return String.join(", ", parts);
    }
    if ("doc".equals(value.path("type").asString(""))) return Adf.toText(value);
    for (String name : List.of("value", "key", "name", "emailAddress", "displayName")) {
      if (value.path(name).isString()) return value.path(name).asString().strip();
    }
    return null;
  }

  /** Items of a Jira value: an array's entries, or an ADF document's or a text's lines (list markers dropped). */
  static List<String> list(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) return List.of();
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : value) {
        String text = scalar(item);
        if (text != null && !text.isBlank()) items.add(text);
      }
      return items;
    }
    if (value.isString() || "doc".equals(value.path("type").asString(""))) return Adf.toLines(value);
    String text = scalar(value);
    return text == null || text.isBlank() ? List.of() : List.of(text);
  }

  private static boolean isEmpty(Object value) {
    return value == null || value instanceof String s && s.isBlank() || value instanceof List<?> l && l.isEmpty();
  }
}
