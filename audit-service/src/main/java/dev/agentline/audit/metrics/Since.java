package dev.agentline.audit.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start of a metrics window, as people write it: an age ({@code 14d}, {@code 12h}, {@code 30m},
 * {@code 2w}, or ISO-8601 {@code P14D}/{@code PT12H}), an instant ({@code 2030-01-01T12:00:00Z}) or a
 * date ({@code 2030-01-01}, midnight UTC).
 */
public record Since(String text, Instant start) {
  private static final Pattern AGE = Pattern.compile("(\\d{1,6})\\s*([mhdw])");

  /** Reads {@code text} relative to {@code now}; throws {@link IllegalArgumentException} naming {@code since} when it cannot. */
  public static Since parse(String text, Instant now) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("since is required");
    String value = text.strip();
    Matcher age = AGE.matcher(value.toLowerCase(Locale.ROOT));
    if (age.matches()) {
      long amount = Long.parseLong(age.group(1));
      Duration duration = switch (age.group(2)) {
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> Duration.ofDays(7 * amount);
      };
      return new Since(value, now.minus(duration));
    }
    try {
      if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
        Duration duration = Duration.parse(value);
        if (duration.isNegative()) throw new IllegalArgumentException("since must not be a negative duration, was '" + value + "'");
        return new Since(value, now.minus(duration));
      }
      if (value.contains("T")) return new Since(value, Instant.parse(value));
      return new Since(value, LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("since must be an age (14d, 12h, 30m, 2w, P14D), an instant (2030-01-01T12:00:00Z) or a date (2030-01-01), was '" + value + "'");
    }
  }
}
