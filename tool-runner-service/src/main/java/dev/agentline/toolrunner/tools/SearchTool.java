package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.workspace.Workspace;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * SEARCH: the query as a plain, case-sensitive substring over the tracked text files, one output
 * line per hit ({@code path:line: text}), cut at the output limit. Binary files, very large files
 * and paths the path policy refuses (e.g. a tracked symlink pointing outside) are not searched.
 */
final class SearchTool implements Tool {
  private static final int MAX_LINE_CHARS = 300;

  private final int maxOutputChars;

  SearchTool(int maxOutputChars) {
    this.maxOutputChars = maxOutputChars;
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) throws IOException {
    String query = request.getQuery();
    if (query == null || query.isEmpty()) throw new ToolFailure("SEARCH needs a non-empty query");
    if (query.contains("\n")) throw new ToolFailure("SEARCH matches within one line; the query must not contain a line break");

    StringBuilder out = new StringBuilder();
    int budget = maxOutputChars - 80; // room for the "more hits" note
    int[] hits = {0};
    int[] shown = {0};
    TrackedTextFiles.forEach(workspace, (path, content) -> {
      if (content == null) return;
      forEachHit(path, content, query, hit -> {
        hits[0]++;
        if (shown[0] == hits[0] - 1 && out.length() + hit.length() + 1 <= budget) {
          out.append(hit).append('\n');
          shown[0]++;
        }
      });
    });
    if (hits[0] == 0) return Tool.ok("no matches for \"" + query + "\"");
    if (shown[0] < hits[0]) {
      out.append("… ").append(hits[0] - shown[0]).append(" more of ").append(hits[0]).append(" hits not shown (output limit)\n");
    }
    return Tool.ok(out.toString().stripTrailing());
  }

  /** Hands every line of {@code content} containing {@code query} to {@code hits} as {@code path:line: text}. */
  static void forEachHit(String path, String content, String query, Consumer<String> hits) {
    if (!content.contains(query)) return;
    List<String> lines = content.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.contains(query)) continue;
      String text = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
      hits.accept(path + ":" + (i + 1) + ": " + text);
    }
  }
}
