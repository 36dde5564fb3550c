package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.context.RepositoryMap;
import dev.agentline.toolrunner.workspace.Workspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * GATHER_CONTEXT: what a model needs to see before it plans or edits, in one request.
 *
 * <ul>
 *   <li>{@code paths} are read as READ_FILES reads them (one refused path fails the request,
 *       missing ones are noted in {@code output}), but only files git tracks are read, whole
 *       ({@code startLine}/{@code endLine} are for READ_FILES).
 *   <li>each of {@code queries} is searched as SEARCH does (literal, or with {@code regex} a
 *       regular expression; one that does not compile fails the request); its hits ({@code path:line: text}, at
 *       most {@value #MAX_HITS_PER_QUERY} per query, {@value #MAX_HIT_CHARS} characters in all)
 *       go to {@code searchHits}, a line already found by an earlier query is not repeated.
 *   <li>with {@code includeRepositoryMap}, {@code repositoryMap} is the {@link RepositoryMap} of
 *       the tracked text files, cut at the map cap.
 * </ul>
 *
 * Every cap that took effect is named in {@code output}. All tracked files are read once, for
 * the queries and the map together.
 */
final class GatherContextTool implements Tool {
  static final int MAX_HITS_PER_QUERY = 20;
  static final int MAX_HIT_CHARS = 16_000;

  private final int maxOutputChars;
  private final int maxMapChars;

  GatherContextTool(int maxOutputChars, int maxMapChars) {
    this.maxOutputChars = maxOutputChars;
    this.maxMapChars = maxMapChars;
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) throws IOException {
    // queries first: a regular expression that does not compile fails the request before any work
    List<Query> queries = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (int i = 0; i < request.getQueries().size(); i++) {
      String text = request.getQueries().get(i);
      if (text.isEmpty()) ignored.add("query " + (i + 1) + " ignored: empty");
      else if (text.contains("\n")) ignored.add("query " + (i + 1) + " ignored: contains a line break (a query matches within one line)");
      else queries.add(new Query(TextQuery.of(text, request.getRegex(), "query " + (i + 1))));
    }

    List<String> lines = new ArrayList<>();
    ToolResult.Builder result = Tool.ok("");

    List<String> paths = request.getPaths();
    if (!paths.isEmpty()) {
      ReadFilesTool.Reads reads = ReadFilesTool.read(workspace, paths, ReadFilesTool.trackedIn(workspace), LineRange.WHOLE);
      lines.add("read " + reads.files().size() + " of " + paths.size() + " files");
      lines.addAll(reads.notes());
      result.setFiles(reads.files());
    }

    lines.addAll(ignored);
    RepositoryMap map = request.getIncludeRepositoryMap() ? new RepositoryMap(maxMapChars) : null;
    Hits hits = new Hits();
    if (!queries.isEmpty() || map != null) {
      TrackedTextFiles.forEach(workspace, (path, content) -> {
        if (map != null) map.add(path, content);
        if (content == null) return;
        for (Query query : queries) query.search.forEachHit(path, content, hit -> hits.add(query, hit));
      });
    }
    for (Query query : queries) lines.add(query.describe());
    if (hits.leftOut > 0) {
      lines.add("search hits capped at " + MAX_HIT_CHARS + " characters: " + hits.leftOut + " more hits not shown");
    }
    result.setSearchHits(List.copyOf(hits.shown));

    if (map != null) {
      result.setRepositoryMap(map.render());
      lines.add("repository map: " + map.shown() + " files"
          + (map.capped() ? ", " + map.omitted() + " more not shown (map capped at " + maxMapChars + " characters)" : ""));
    }
    if (lines.isEmpty()) lines.add("nothing to gather: no paths, queries or repository map requested");
    return result.setOutput(Text.cap(String.join("\n", lines), maxOutputChars));
  }

  /** One query and how many hits it found. */
  private static final class Query {
    final TextQuery search;
    int found;

    Query(TextQuery search) {
      this.search = search;
    }

    String describe() {
      String head = "query " + search.quoted() + ": ";
      if (found == 0) return head + "no matches";
      String count = found + (found == 1 ? " hit" : " hits");
      if (found > MAX_HITS_PER_QUERY) return head + count + ", first " + MAX_HITS_PER_QUERY + " kept (" + MAX_HITS_PER_QUERY + " per query)";
      return head + count;
    }
  }

  /** The hits kept: per query and in total characters, without repeating a line. */
  private static final class Hits {
    final Set<String> shown = new LinkedHashSet<>();
    int chars;
    int leftOut;

    void add(Query query, String hit) {
      query.found++;
      if (query.found > MAX_HITS_PER_QUERY) return;
      if (shown.contains(hit)) return;
      if (chars + hit.length() > MAX_HIT_CHARS) {
        leftOut++;
        return;
      }
      shown.add(hit);
      chars += hit.length();
    }
  }
}
