package dev.agentline.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** A duration as a person types it: 500ms, 30s, 10m, 2h, or ISO-8601 (PT10M). */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(text);
    Duration duration;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      duration = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    } else {
      try {
        duration = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 30s, 10m, 2h or PT10M");
      }
    }
    if (duration.isNegative() || duration.isZero()) throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
    return duration;
  }
}
