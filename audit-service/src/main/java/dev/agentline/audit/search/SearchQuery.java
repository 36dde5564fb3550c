package dev.agentline.audit.search;

import dev.agentline.audit.store.AuditStore;
import dev.agentline.schemas.Role;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A validated full-text search: {@code q} in web-search syntax ("quoted phrases", -exclusions, or),
 * narrowed by task, repository, roles, record types and a time range [from, to), one page of
 * {@code limit} hits starting at {@code offset} in ranked order.
 *
 * @param roles role names ({@link Role}); empty: any
 * @param recordTypes record type names ({@link #RECORD_TYPES}); empty: any
 * @param from inclusive lower bound of {@code occurred_at}, or null
 * @param to exclusive upper bound of {@code occurred_at}, or null
 */
record SearchQuery(
    String q,
    String taskId,
    String repository,
    List<String> roles,
    List<String> recordTypes,
    Instant from,
    Instant to,
    int limit,
    int offset) {

  /** Every record type the store holds: the Avro records on agentline topics, and the two the audit makes itself. */
  static final List<String> RECORD_TYPES = List.of(
      "TaskSubmitted", "TaskCommand", "StepRequest", "StepResult", "ToolRequest", "ToolResult", "TaskEvent",
      "ModelCall", "AnalysisCached", "TaskState", "PullRequestEvent", "AccessRefused", "DeadLetter", "Undecodable");

  static final Set<String> PARAMETERS = Set.of("q", "taskId", "repository", "role", "recordType", "from", "to", "limit", "offset");

  /**
   * How far a search may go.
   *
   * @param defaultLimit hits per page when no limit is given
   * @param maxLimit largest limit
   * @param window how many of the newest matches are ranked; offset + limit stays within it
   */
  record Limits(int defaultLimit, int maxLimit, int window) {}

  SearchQuery {
    roles = List.copyOf(roles);
    recordTypes = List.copyOf(recordTypes);
  }

  /**
   * Parses request parameters (each name with its values, in order); a missing, unknown, repeated or
   * wrong one is reported by name in {@link InvalidParameterException}. {@code role} and
   * {@code recordType} take several values, repeated or comma-separated.
   */
  static SearchQuery parse(Map<String, List<String>> parameters, Limits limits) {
    for (String name : parameters.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw new InvalidParameterException(name, "unknown parameter '" + name + "'; known: " + String.join(", ", PARAMETERS.stream().sorted().toList()));
      }
    }
    String q = single(parameters, "q");
    if (q == null) {
      throw new InvalidParameterException("q", "q is required: the words to search for, e.g. q=\"compilation error\" -manager");
    }
    int limit = integer(parameters, "limit", limits.defaultLimit(), 1, limits.maxLimit());
    int offset = integer(parameters, "offset", 0, 0, limits.window() - 1);
    Instant from = time(parameters, "from", false);
    Instant to = time(parameters, "to", true);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidParameterException("to", "to must be after from, was from=" + from + " to=" + to);
    }
    List<String> recordTypes = names(parameters, "recordType", RECORD_TYPES);
    if (recordTypes.contains(AuditStore.NOT_SEARCHED)) {
      throw new InvalidParameterException("recordType", AuditStore.NOT_SEARCHED + " records are not searched: each is a snapshot of the planner's "
          + "state, whose words are in the task's other records (TaskSubmitted, TaskEvent, StepResult…); the task's timeline "
          + "(GET /api/tasks/{id}/timeline) shows every one");
    }
    return new SearchQuery(q, single(parameters, "taskId"), single(parameters, "repository"),
        names(parameters, "role", roleNames()), recordTypes, from, to, limit, offset);
  }

  /** The value of a single-valued parameter, stripped; null when absent or blank. */
  private static String single(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.getOrDefault(name, List.of()).stream().filter(v -> v != null && !v.isBlank()).toList();
    if (values.size() > 1) {
      throw new InvalidParameterException(name, name + " may be given once, was given " + values.size() + " times");
    }
    return values.isEmpty() ? null : values.get(0).strip();
  }

  private static int integer(Map<String, List<String>> parameters, String name, int absent, int min, int max) {
    String text = single(parameters, name);
    if (text == null) return absent;
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new InvalidParameterException(name, name + " must be a whole number " + min + ".." + max + ", was '" + text + "'");
    }
    if (value < min || value > max) {
      throw new InvalidParameterException(name, name + " must be " + min + ".." + max + ", was " + value);
    }
    return value;
  }

  /**
   * An ISO-8601 instant with a zone or offset (2026-11-25T10:00:00Z, 2026-11-25T11:00:00+01:00), or a
   * date (2026-11-25, UTC): as {@code from} its start, as {@code to} the start of the next day, so the day is included.
   */
  private static Instant time(Map<String, List<String>> parameters, String name, boolean upperBound) {
    String text = single(parameters, name);
    if (text == null) return null;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException notADateTime) {
      try {
        LocalDate day = LocalDate.parse(text);
        return (upperBound ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeException notADate) {
        throw new InvalidParameterException(name,
            name + " must be an ISO-8601 time with a zone (2026-11-25T10:00:00Z) or a date (2026-11-25), was '" + text + "'");
      }
    }
  }

  /** Values of a multi-valued parameter matched to their canonical names ignoring case, '-' and '_' (code-edit: CODE_EDIT). */
  private static List<String> names(Map<String, List<String>> parameters, String name, List<String> known) {
    Set<String> out = new LinkedHashSet<>();
    for (String value : parameters.getOrDefault(name, List.of())) {
      if (value == null) continue;
      for (String part : value.split(",")) {
        String wanted = part.strip();
        if (wanted.isEmpty()) continue;
        String key = canonicalKey(wanted);
        out.add(known.stream().filter(k -> canonicalKey(k).equals(key)).findFirst().orElseThrow(() ->
            new InvalidParameterException(name, "unknown " + name + " '" + wanted + "'; known: " + String.join(", ", known))));
      }
    }
    return new ArrayList<>(out);
  }

  private static String canonicalKey(String name) {
    return name.replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
  }

  private static List<String> roleNames() {
    return java.util.Arrays.stream(Role.values()).map(Enum::name).toList();
  }

  /** A request parameter that is missing or wrong; {@code parameter} names it. */
  static final class InvalidParameterException extends RuntimeException {
    private final String parameter;

    InvalidParameterException(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }

    String parameter() {
      return parameter;
    }
  }
}
