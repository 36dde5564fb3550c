package dev.agentline.audit.console;

import dev.agentline.schemas.TaskStatus;
import java.util.Locale;

/**
 * Which tasks the list shows: one status (or any), a repository containing some text, a title or
 * task id containing some text, at most {@code limit} tasks, most recently active first.
 */
record TaskFilter(String status, String repository, String text, int limit) {
  static final int DEFAULT_LIMIT = 200;
  static final int MAX_LIMIT = 1000;

  /** Validates request parameters; a wrong one is reported by name. Blank means "any". */
  static TaskFilter parse(String status, String repository, String text, String limit) {
    String parsedStatus = blankToNull(status);
    if (parsedStatus != null) {
      parsedStatus = parsedStatus.toUpperCase(Locale.ROOT).replace('-', '_');
      try {
        TaskStatus.valueOf(parsedStatus);
      } catch (IllegalArgumentException e) {
        throw ConsoleRequestException.parameter("status", "status must be one of " + java.util.Arrays.toString(TaskStatus.values())
            + ", was '" + status + "'");
      }
    }
    int parsedLimit = DEFAULT_LIMIT;
    if (blankToNull(limit) != null) {
      try {
        parsedLimit = Integer.parseInt(limit.strip());
      } catch (NumberFormatException e) {
        throw ConsoleRequestException.parameter("limit", "limit must be a whole number 1.." + MAX_LIMIT + ", was '" + limit + "'");
      }
      if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
        throw ConsoleRequestException.parameter("limit", "limit must be 1.." + MAX_LIMIT + ", was " + parsedLimit);
      }
    }
    return new TaskFilter(parsedStatus, blankToNull(repository), blankToNull(text), parsedLimit);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
