package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.workspace.Workspace;
import java.io.IOException;

/**
 * SEARCH: the query over the tracked text files ({@link TrackedTextFiles}: never an ignored or
 * untracked file), as case-sensitive literal text or, with {@code regex}, a Java regular expression
 * ({@link TextQuery}); one output line per matching line ({@code path:line: text}), cut at the
 * output limit with a note of how many hits were left out. Binary files, very large files and paths
 * the path policy refuses (e.g. a tracked symlink pointing outside) are not searched.
 */
final class SearchTool implements Tool {
  private final int maxOutputChars;

  SearchTool(int maxOutputChars) {
    this.maxOutputChars = maxOutputChars;
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) throws IOException {
    String text = request.getQuery();
    if (text == null || text.isEmpty()) throw new ToolFailure("SEARCH needs a non-empty query");
    if (text.contains("\n")) throw new ToolFailure("SEARCH matches within one line; the query must not contain a line break");
    TextQuery query = TextQuery.of(text, request.getRegex(), "SEARCH query");

    StringBuilder out = new StringBuilder();
    int budget = maxOutputChars - 80; // room for the "more hits" note
    int[] hits = {0};
    int[] shown = {0};
    TrackedTextFiles.forEach(workspace, (path, content) -> {
      if (content == null) return;
      query.forEachHit(path, content, hit -> {
        hits[0]++;
        if (shown[0] == hits[0] - 1 && out.length() + hit.length() + 1 <= budget) {
          out.append(hit).append('\n');
          shown[0]++;
        }
      });
    });
    if (hits[0] == 0) return Tool.ok("no matches for " + query.quoted());
    if (shown[0] < hits[0]) {
      out.append("… ").append(hits[0] - shown[0]).append(" more of ").append(hits[0]).append(" hits not shown (output limit)\n");
    }
    return Tool.ok(out.toString().stripTrailing());
  }
}
