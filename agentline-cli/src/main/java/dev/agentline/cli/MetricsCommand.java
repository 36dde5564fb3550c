package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code agentline metrics --since 14d}: the pilot metrics of a running audit service
 * ({@code GET /api/metrics}) as a table. Exit codes: 0 shown; 2 bad input (the service's reason is
 * printed); 3 the audit service could not be reached or failed.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "Show the pilot metrics (time from ticket to PR, failures, revisions, reviews, cost, token share) of a running audit service.")
final class MetricsCommand extends ApiCommand {
  @Option(names = "--since", defaultValue = "14d",
      description = "Start of the window: an age (14d, 12h, 30m, 2w, P14D), an instant or a date (default: ${DEFAULT-VALUE}).")
  String since;

  @Mixin AuditOptions audit;

  @Override
  int execute() throws Exception {
    JsonNode body = audit(audit).get("/api/metrics?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8)).orFail();
    if (json) printJson(body);
    else lines(body).forEach(out()::println);
    return ExitCodes.OK;
  }

  /** The report as a table. */
  static List<String> lines(JsonNode r) {
    List<String> lines = new ArrayList<>();
    lines.add("pilot metrics since " + r.path("from").asText() + " (" + r.path("since").asText() + "): "
        + r.path("tasks").asInt() + " task(s), " + r.path("tasksWithPr").asInt() + " with a pull request");
    JsonNode pr = r.path("ticketToPrSeconds");
    lines.add(row("ticket to PR ready", pr.path("count").asInt() == 0 ? "no pull request yet"
        : "p50 " + duration(pr.path("p50")) + ", p90 " + duration(pr.path("p90")) + ", max " + duration(pr.path("max"))));
    lines.add(row("test/CI failures", perTask(r.path("testFailures"))));
    lines.add(row("plan revisions", perTask(r.path("planRevisions"))));
    JsonNode reviews = r.path("reviews");
    lines.add(row("review", reviews.path("approve").asInt() + " approve, " + reviews.path("requestChanges").asInt() + " request-changes, "
        + reviews.path("notReviewed").asInt() + " not reviewed"));
    JsonNode cost = r.path("costPerTaskUsd");
    lines.add(row("cost per task", cost.path("count").asInt() == 0 ? "no tasks"
        : "mean " + usd(cost.path("mean")) + ", p50 " + usd(cost.path("p50")) + ", max " + usd(cost.path("max"))
            + " (total " + usd(r.path("totalCostUsd")) + ")"));
    JsonNode tokens = r.path("tokens");
    lines.add(row("tokens", tokens.path("managerShare").isNull() || tokens.path("managerShare").isMissingNode() ? "none spent"
        : String.format(Locale.ROOT, "manager %,d (%s), workers %,d (%s)", tokens.path("manager").asLong(), percent(tokens.path("managerShare")),
            tokens.path("workers").asLong(), percent(tokens.path("workerShare")))));
    lines.add("  worker failures by role:");
    lines.add(String.format(Locale.ROOT, "    %-12s %8s %8s %7s", "role", "attempts", "failures", "rate"));
    for (JsonNode role : r.path("workerFailures")) {
      lines.add(String.format(Locale.ROOT, "    %-12s %8d %8d %7s", role.path("role").asText().toLowerCase(Locale.ROOT).replace('_', '-'),
          role.path("attempts").asLong(), role.path("failures").asLong(), percent(role.path("rate"))));
    }
    return lines;
  }

  private static String row(String label, String value) {
    return String.format(Locale.ROOT, "  %-19s %s", label + ":", value);
  }

  private static String perTask(JsonNode count) {
    return String.format(Locale.ROOT, "%d (%.2f per task; %d task(s) with any)", count.path("total").asLong(), count.path("perTask").asDouble(),
        count.path("tasksWithAny").asInt());
  }

  static String duration(JsonNode seconds) {
    long total = Math.round(seconds.asDouble());
    if (total < 60) return String.format(Locale.ROOT, "%.1f s", seconds.asDouble());
    if (total < 3600) return (total / 60) + " min " + (total % 60) + " s";
    return (total / 3600) + " h " + (total % 3600 / 60) + " min";
  }

  private static String usd(JsonNode value) {
    return String.format(Locale.ROOT, "$%.4f", value.asDouble());
  }

  private static String percent(JsonNode share) {
    return share.isNull() || share.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.1f%%", share.asDouble() * 100);
  }
}
