package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.FileContent;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.toolrunner.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * READ_FILES: every requested path must pass the path policy (one refused path fails the
 * request). Missing files are reported in the output, not as an error: a step may create them.
 * With {@code startLine}/{@code endLine} each file returns only those lines, numbered
 * ({@link LineRange}), and the output names the range of each ({@code path: lines a-b of N}).
 * File contents are bounded so the result fits in one Kafka record; files over {@link #MAX_READ_BYTES}, files that are
 * not UTF-8 and binary files (a NUL character) are noted, not read.
 */
final class ReadFilesTool implements Tool {
  /** Total characters of file content in one result; Kafka's default record limit is 1 MB. */
  static final int MAX_CONTENT_CHARS = 512 * 1024;
  /** A file larger than this is never read into memory, not even for a line range: it is noted instead. */
  static final long MAX_READ_BYTES = 8L * 1024 * 1024;

  private final int maxOutputChars;

  ReadFilesTool(int maxOutputChars) {
    this.maxOutputChars = maxOutputChars;
  }

  /** The files read and one note per path that was not ({@code not found: <path>}, ...). */
  record Reads(List<FileContent> files, List<String> notes) {}

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) throws IOException {
    if (request.getPaths().isEmpty()) throw new ToolFailure("READ_FILES needs at least one path");
    Reads reads = read(workspace, request.getPaths(), path -> true, LineRange.of(request));
    List<String> lines = new ArrayList<>();
    lines.add("read " + reads.files().size() + " of " + request.getPaths().size() + " files");
    lines.addAll(reads.notes());
    return Tool.ok(Text.cap(String.join("\n", lines), maxOutputChars)).setFiles(reads.files());
  }

  /**
   * Reads {@code paths}, all checked by the path policy first (one refused path throws before
   * anything is read). A file {@code readable} refuses (e.g. one git does not track) is noted,
   * not read. Of each file only the {@code range}'s lines; a range past a file's end throws. At
   * most {@link #MAX_CONTENT_CHARS} characters of content in all.
   */
  static Reads read(Workspace workspace, List<String> paths, Predicate<String> readable, LineRange range) throws IOException {
    List<Path> resolved = new ArrayList<>();
    for (String path : paths) resolved.add(workspace.paths().resolve(path));

    List<FileContent> files = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < resolved.size(); i++) {
      String path = paths.get(i);
      Path file = resolved.get(i);
      if (!Files.exists(file)) {
        notes.add("not found: " + path);
      } else if (!Files.isRegularFile(file)) {
        notes.add("not a regular file: " + path);
      } else if (!readable.test(workspace.dir().relativize(file).toString().replace('\\', '/'))) {
        notes.add("not tracked by git (ignored or generated): " + path);
      } else if (Files.size(file) > MAX_READ_BYTES) {
        notes.add("too large to read: " + path + " (" + Files.size(file) + " bytes; files over " + MAX_READ_BYTES + " bytes are not read)");
      } else {
        String content;
        try {
          content = Files.readString(file);
        } catch (CharacterCodingException e) {
          notes.add("not UTF-8 text (not read): " + path);
          continue;
        }
        if (content.indexOf('\0') >= 0) {
          notes.add("binary file (not read): " + path);
          continue;
        }
        String part = null;
        if (!range.whole()) {
          LineRange.Slice slice = range.cut(path, content);
          part = slice.describe();
          content = slice.content();
        }
        if (total + content.length() > MAX_CONTENT_CHARS) {
          notes.add("left out (the result would exceed " + MAX_CONTENT_CHARS + " characters): " + path
              + (part == null ? " (" + content.lines().count() + " lines; read part of it with startLine/endLine)" : " " + part));
          continue;
        }
        total += content.length();
        files.add(FileContent.newBuilder().setPath(path).setContent(content).build());
        if (part != null) notes.add(path + ": " + part);
      }
    }
    return new Reads(files, notes);
  }

  /** Only files git tracks: for tools whose answers must come from the repository alone. */
  static Predicate<String> trackedIn(Workspace workspace) {
    Set<String> tracked = Set.copyOf(workspace.trackedFiles());
    return tracked::contains;
  }
}
