package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * SEARCH: the query as a plain, case-sensitive substring over the tracked text files, one output
 * line per hit ({@code path:line: text}), cut at the output limit. Binary files, very large files
 * and paths the path policy refuses (e.g. a tracked symlink pointing outside) are not searched.
 */
final class SearchTool implements Tool {
  static final long MAX_FILE_BYTES = 2L * 1024 * 1024;
  private static final int MAX_LINE_CHARS = 300;
  private static final int BINARY_PROBE_BYTES = 8000;

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
    int hits = 0;
    int shown = 0;
    for (String path : workspace.trackedFiles()) {
      if (!workspace.paths().allows(path)) continue;
      Path file = workspace.dir().resolve(path);
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) continue;
      byte[] bytes = Files.readAllBytes(file);
      if (isBinary(bytes)) continue;
      List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (!line.contains(query)) continue;
        hits++;
        String text = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
        String hit = path + ":" + (i + 1) + ": " + text + "\n";
        if (shown == hits - 1 && out.length() + hit.length() <= budget) {
          out.append(hit);
          shown++;
        }
      }
    }
    if (hits == 0) return Tool.ok("no matches for \"" + query + "\"");
    if (shown < hits) out.append("… ").append(hits - shown).append(" more of ").append(hits).append(" hits not shown (output limit)\n");
    return Tool.ok(out.toString().stripTrailing());
  }

  private static boolean isBinary(byte[] bytes) {
    for (int i = 0; i < Math.min(bytes.length, BINARY_PROBE_BYTES); i++) if (bytes[i] == 0) return true;
    return false;
  }
}
