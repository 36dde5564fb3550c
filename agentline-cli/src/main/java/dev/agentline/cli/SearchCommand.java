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
import picocli.CommandLine.Parameters;

/** {@code agentline search QUERY}: full-text search over everything the audit service recorded ({@code GET /api/audit/search}). */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Search everything agentline recorded (prompts, answers, test output, events), best match first.",
        "QUERY uses web-search syntax: \"quoted phrases\", -excluded words, or (quote the query for your shell: '\"sum of\" -manager')."})
final class SearchCommand extends ApiCommand {
  @Parameters(arity = "1..*", paramLabel = "QUERY", description = "The words to search for (several words are joined with spaces).")
  List<String> words;

  @Option(names = "--task", paramLabel = "TASK-ID", description = "Only this task's records.")
  String task;

  @Option(names = "--repo", paramLabel = "REPOSITORY", description = "Only records of tasks on this repository (as submitted).")
  String repo;

  @Option(names = "--role", description = "Only these roles: manager, code-edit, test-writer, analysis, review (repeatable).")
  List<String> roles = new ArrayList<>();

  @Option(names = "--type", paramLabel = "RECORD-TYPE", description = "Only these record types, e.g. ModelCall, TaskEvent, StepResult (repeatable).")
  List<String> types = new ArrayList<>();

  @Option(names = "--from", paramLabel = "TIME", description = "From this time on: 2026-11-25T10:00:00Z or a date, 2026-11-25.")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "Before this time (a date includes the day).")
  String to;

  @Option(names = "--limit", paramLabel = "N", description = "Hits per page (default: the audit service's).")
  Integer limit;

  @Option(names = "--offset", paramLabel = "N", description = "Skip this many hits (the next page's offset is printed).")
  Integer offset;

  @Mixin AuditOptions audit;

  @Override
  int execute() throws Exception {
    RestClient client = audit(audit);
    JsonNode page = client.get("/api/audit/search?" + query()).orFail();
    if (json) {
      printJson(page);
      return ExitCodes.OK;
    }
    lines(page).forEach(out()::println);
    return ExitCodes.OK;
  }

  /** The query string, each parameter as the audit service names it. */
  String query() {
    List<String> parameters = new ArrayList<>();
    add(parameters, "q", String.join(" ", words));
    add(parameters, "taskId", task);
    add(parameters, "repository", repo == null ? null : SubmitCommand.repository(repo));
    roles.forEach(r -> add(parameters, "role", r));
    types.forEach(t -> add(parameters, "recordType", t));
    add(parameters, "from", from);
    add(parameters, "to", to);
    add(parameters, "limit", limit == null ? null : limit.toString());
    add(parameters, "offset", offset == null ? null : offset.toString());
    return String.join("&", parameters);
  }

  private static void add(List<String> parameters, String name, String value) {
    if (value != null) parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  /** A page of hits as lines: a header, then one line per hit, then where the next page starts. */
  static List<String> lines(JsonNode page) {
    List<String> lines = new ArrayList<>();
    int shown = page.path("hits").size();
    lines.add(shown == 0 ? "no hits" : String.format(Locale.ROOT, "hits %d-%d of %d%s", page.path("offset").asInt() + 1,
        page.path("offset").asInt() + shown, page.path("total").asLong(), page.path("moreBeyondWindow").asBoolean() ? "+" : ""));
    for (JsonNode hit : page.path("hits")) {
      String type = hit.path("recordType").asText() + (hit.path("eventType").isTextual() ? "/" + hit.path("eventType").asText() : "");
      String role = hit.path("role").isTextual() ? " " + hit.path("role").asText().toLowerCase(Locale.ROOT).replace('_', '-') : "";
      lines.add(String.format(Locale.ROOT, "%-24s  %-12s %s%s", hit.path("occurredAt").asText(), hit.path("taskId").asText("-"), type, role));
      lines.add("    " + text(hit.path("snippet").asText()));
    }
    if (page.path("hasMore").asBoolean() && page.path("nextOffset").isNumber()) {
      lines.add("more: --offset " + page.path("nextOffset").asInt());
    }
    return lines;
  }

  /** The snippet's HTML as text: matches between * *, entities decoded, on one line. */
  static String text(String snippet) {
    return snippet.replace("<b>", "*").replace("</b>", "*").replaceAll("\\s+", " ").strip()
        .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&");
  }
}
