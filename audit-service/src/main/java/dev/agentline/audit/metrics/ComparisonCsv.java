package dev.agentline.audit.metrics;

import dev.agentline.audit.metrics.ComparisonReport.Figure;
import java.math.BigDecimal;

/**
 * The pilot report as CSV (RFC 4180, CRLF line ends): a header {@code metric,label,agentline,baseline}, then one row per
 * figure; a figure a side does not have is an empty cell. Numbers in plain decimal.
 */
final class ComparisonCsv {
  static final String HEADER = "metric,label,agentline,baseline";

  private ComparisonCsv() {}

  static String of(ComparisonReport report) {
    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
    for (Figure figure : report.figures()) {
      csv.append(cell(figure.key())).append(',').append(cell(figure.label())).append(',')
          .append(number(figure.agentline())).append(',').append(number(figure.baseline())).append("\r\n");
    }
    return csv.toString();
  }

  private static String number(Double value) {
    if (value == null || value.isNaN() || value.isInfinite()) return "";
    BigDecimal plain = BigDecimal.valueOf(value).stripTrailingZeros();
    return plain.scale() < 0 ? plain.setScale(0).toPlainString() : plain.toPlainString();
  }

  private static String cell(String text) {
    if (text == null) return "";
    if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return text;
    return '"' + text.replace("\"", "\"\"") + '"';
  }
}
