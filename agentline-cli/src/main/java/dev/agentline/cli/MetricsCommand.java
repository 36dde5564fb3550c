package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code agentline metrics --since 14d}: the pilot metrics of a running audit service
 * ({@code GET /api/metrics}) as a table. Exit codes: 0 shown; 2 bad input (the service's reason is
 * printed); 1 the audit service could not be reached or failed.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "Show the pilot metrics (time from ticket to PR, failures, revisions, reviews, cost, token share) of a running audit service.")
final class MetricsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--since", defaultValue = "14d",
      description = "Start of the window: an age (14d, 12h, 30m, 2w, P14D), an instant or a date (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(names = "--audit-url", defaultValue = "${env:AGENTLINE_AUDIT_URL:-http://localhost:8084}",
      description = "The audit service's base URL (default: env AGENTLINE_AUDIT_URL, else http://localhost:8084; here ${DEFAULT-VALUE}).")
  String auditUrl;

  @Option(names = "--json", description = "Print the audit service's answer as JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String url;
    try {
      url = PlannerOptions.httpUrl("--audit-url", auditUrl, "http://localhost:8084");
    } catch (IllegalArgumentException e) {
      err().println("metrics: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    String target = url + "/api/metrics?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8);
    HttpResponse<String> response;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try {
      response = http.send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(60)).header("Accept", "application/json").GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err().println("metrics: cannot reach the audit service at " + url + ": " + PlannerCommand.reason(e)
          + " (is it running? --audit-url or AGENTLINE_AUDIT_URL says where it is)");
      return ExitCodes.TASK_FAILED;
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() != 200) {
      String detail = body.path("detail").asText(response.body());
      err().println("metrics: the audit service " + (response.statusCode() == 400 ? "refused" : "failed") + " (HTTP " + response.statusCode() + "): " + detail);
      return response.statusCode() == 400 ? ExitCodes.BAD_INPUT : ExitCodes.TASK_FAILED;
    }
    if (json) out().println(TaskClient.pretty(body));
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

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
    } catch (IOException notJson) {
      return JSON.missingNode();
    }
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
