package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code agentline report --since 28d [--baseline-from 56d [--baseline-until 28d]] [--csv FILE]}: the pilot report of a
 * running audit service ({@code GET /api/report}, {@code GET /api/report.csv}) as a table of figures, agentline against
 * the baseline of human-only pull requests the audit service reads from the code host. Exit codes: 0 shown or written;
 * 2 bad input (the service's reason and the parameter are printed); 3 the audit service could not be reached or failed
 * (also when it could not read the baseline from the code host: its reason is printed).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Show the pilot report: time from ticket to PR ready, review comments and CI failures per PR, merge rate, "
        + "cost per merged PR, mis-planned tasks, worker failures, takeovers; optionally against a baseline period of "
        + "human-only pull requests read from the code host (agentline.audit.baseline.* on the audit service).",
        "Periods are ages before now (28d, 12h, 2w, P28D), instants or dates."})
final class ReportCommand extends ApiCommand {
  @Option(names = "--since", defaultValue = "28d", paramLabel = "AGE", description = "Start of the pilot period (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--baseline-from", paramLabel = "AGE",
      description = "Start of the baseline period of human-only pull requests, e.g. 56d (default: no baseline).")
  String baselineFrom;

  @Option(names = "--baseline-until", paramLabel = "AGE",
      description = "End of the baseline period (default: the start of the pilot period); needs --baseline-from.")
  String baselineUntil;

  @Option(names = "--csv", paramLabel = "FILE", description = "Write the report's figures as CSV to FILE ('-' for stdout) instead of the table.")
  String csv;

  @Mixin AuditOptions audit;

  @Override
  int execute() throws Exception {
    if (baselineUntil != null && baselineFrom == null) throw CliFailure.badInput("--baseline-until needs --baseline-from");
    RestClient client = audit(audit);
    if (csv != null) return writeCsv(client);
    JsonNode report = client.get("/api/report?" + query()).orFail();
    if (json) printJson(report);
    else lines(report).forEach(out()::println);
    return ExitCodes.OK;
  }

  private int writeCsv(RestClient client) throws IOException {
    RestClient.Reply reply = client.get("/api/report.csv?" + query(), "text/csv, application/problem+json;q=0.9");
    reply.orFail();
    if (csv.equals("-")) {
      out().print(reply.raw());
      out().flush();
      return ExitCodes.OK;
    }
    Path file = Path.of(csv);
    try {
      Files.writeString(file, reply.raw(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliFailure.badInput("cannot write " + file + ": " + RestClient.reason(e));
    }
    long rows = Math.max(0, reply.raw().lines().count() - 1);
    out().println(name() + ": wrote " + rows + " figure(s) as CSV to " + file);
    return ExitCodes.OK;
  }

  String query() {
    StringBuilder query = new StringBuilder("since=").append(encode(since));
    if (baselineFrom != null) query.append("&baselineFrom=").append(encode(baselineFrom));
    if (baselineUntil != null) query.append("&baselineUntil=").append(encode(baselineUntil));
    return query.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value.strip(), StandardCharsets.UTF_8);
  }

  /** The report as a table: the period, the baseline, every figure against the baseline's, then the tasks behind them. */
  static List<String> lines(JsonNode r) {
    List<String> lines = new ArrayList<>();
    lines.add("pilot report since " + r.path("from").asText() + " (" + r.path("since").asText() + ") until " + r.path("until").asText());
    JsonNode baseline = r.path("baseline");
    boolean compared = baseline.isObject() && baseline.path("configured").asBoolean(false);
    if (!baseline.isObject()) {
      lines.add("baseline: none asked for (--baseline-from 56d compares with the human-only pull requests of an earlier period)");
    } else if (!compared) {
      lines.add("baseline: " + baseline.path("from").asText() + " to " + baseline.path("until").asText()
          + ": no code host configured on the audit service (agentline.audit.baseline.*)");
    } else {
      lines.add("baseline: " + baseline.path("pullRequests").asInt() + " human-only pull request(s) opened " + baseline.path("from").asText()
          + " to " + baseline.path("until").asText() + ", read from the code host");
    }
    int width = "figure".length();
    for (JsonNode figure : r.path("figures")) width = Math.max(width, figure.path("label").asText().length());
    String row = "  %-" + width + "s %14s" + (compared ? " %14s" : "");
    lines.add(String.format(Locale.ROOT, row, "figure", "agentline", "baseline").stripTrailing());
    for (JsonNode figure : r.path("figures")) {
      String key = figure.path("key").asText();
      lines.add(String.format(Locale.ROOT, row, figure.path("label").asText(), value(key, figure.path("agentline")),
          value(key, figure.path("baseline"))).stripTrailing());
    }
    JsonNode misplanned = r.path("misplanning").path("tasks");
    if (!misplanned.isEmpty()) {
      lines.add("  where the manager mis-planned (plan revisions, rejected plans):");
      for (JsonNode task : misplanned) {
        lines.add(String.format(Locale.ROOT, "    %-14s %3d %3d  %s", task.path("taskId").asText(), task.path("planRevisions").asInt(),
            task.path("planRejections").asInt(), task.path("title").asText()));
      }
    }
    JsonNode takenOver = r.path("takeovers").path("tasks");
    if (!takenOver.isEmpty()) lines.add("  taken over: " + String.join(", ", TaskClient.texts(takenOver)));
    return lines;
  }

  /** A figure's value as a person reads it: durations, dollars, percentages, counts; "-" where a side has none. */
  static String value(String key, JsonNode value) {
    if (!value.isNumber()) return "-";
    if (key.endsWith("_seconds")) return MetricsCommand.duration(value);
    if (key.endsWith("_usd")) return String.format(Locale.ROOT, "$%.4f", value.asDouble());
    if (List.of(key.split("[._]")).contains("rate")) return String.format(Locale.ROOT, "%.1f%%", value.asDouble() * 100);
    double v = value.asDouble();
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
