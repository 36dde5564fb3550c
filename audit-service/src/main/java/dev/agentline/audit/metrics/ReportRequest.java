package dev.agentline.audit.metrics;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pilot report's parameters: {@code since} (default {@code 28d}) and the optional baseline period {@code baselineFrom}
 * ({@code baselineUntil} defaults to the start of the report's period). Each is an age before now ({@code 56d},
 * {@code 12h}, {@code 2w}, {@code P56D}), an instant or a date, as {@link Since} reads them.
 *
 * @param baselineFrom null when no baseline is asked for
 */
record ReportRequest(Since since, Instant baselineFrom, Instant baselineUntil) {
  static final String DEFAULT_SINCE = "28d";
  private static final Set<String> KNOWN = Set.of("since", "baselineFrom", "baselineUntil");

  /** Reads the request's query parameters; a bad one throws {@link InvalidParameter} naming it. */
  static ReportRequest parse(Map<String, String[]> parameters, Instant now) {
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      if (!KNOWN.contains(parameter.getKey())) {
        throw new InvalidParameter(parameter.getKey(), "unknown parameter '" + parameter.getKey() + "'; known: " + new TreeSet<>(KNOWN));
      }
      if (parameter.getValue().length > 1) throw new InvalidParameter(parameter.getKey(), parameter.getKey() + " given more than once");
    }
    Since since = time("since", single(parameters, "since", DEFAULT_SINCE), now);
    String from = single(parameters, "baselineFrom", null);
    String until = single(parameters, "baselineUntil", null);
    if (from == null) {
      if (until != null) throw new InvalidParameter("baselineFrom", "baselineFrom is required with baselineUntil");
      return new ReportRequest(since, null, null);
    }
    Instant baselineFrom = time("baselineFrom", from, now).start();
    Instant baselineUntil = until == null ? since.start() : time("baselineUntil", until, now).start();
    if (!baselineUntil.isAfter(baselineFrom)) {
      throw new InvalidParameter(until == null ? "baselineFrom" : "baselineUntil",
          "baselineUntil (" + baselineUntil + ") must be after baselineFrom (" + baselineFrom + ")");
    }
    return new ReportRequest(since, baselineFrom, baselineUntil);
  }

  private static String single(Map<String, String[]> parameters, String name, String fallback) {
    String[] values = parameters.get(name);
    return values == null || values.length == 0 ? fallback : values[0];
  }

  private static Since time(String name, String value, Instant now) {
    try {
      return Since.parse(value, now);
    } catch (IllegalArgumentException e) {
      throw new InvalidParameter(name, e.getMessage().replaceFirst("^since", name));
    }
  }

  /** A parameter the report cannot read; {@code parameter} names it. */
  static final class InvalidParameter extends RuntimeException {
    final String parameter;

    InvalidParameter(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }
  }
}
