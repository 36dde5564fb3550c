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

/**
 * READ_FILES: every requested path must pass the path policy (one refused path fails the
 * request). Missing files are reported in the output, not as an error: a step may create them.
 * File contents are bounded so the result fits in one Kafka record.
 */
final class ReadFilesTool implements Tool {
  /** Total characters of file content in one result; Kafka's default record limit is 1 MB. */
  static final int MAX_CONTENT_CHARS = 512 * 1024;

  private final int maxOutputChars;

  ReadFilesTool(int maxOutputChars) {
    this.maxOutputChars = maxOutputChars;
  }

  @Override
  public ToolResult.Builder run(Workspace workspace, ToolRequest request) throws IOException {
    if (request.getPaths().isEmpty()) throw new ToolFailure("READ_FILES needs at least one path");
    List<Path> resolved = new ArrayList<>();
    for (String path : request.getPaths()) resolved.add(workspace.paths().resolve(path));

    List<FileContent> files = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < resolved.size(); i++) {
      String path = request.getPaths().get(i);
      Path file = resolved.get(i);
      if (!Files.exists(file)) {
        notes.add("not found: " + path);
      } else if (!Files.isRegularFile(file)) {
        notes.add("not a regular file: " + path);
      } else {
        String content;
        try {
          content = Files.readString(file);
        } catch (CharacterCodingException e) {
          notes.add("not UTF-8 text: " + path);
          continue;
        }
        if (total + content.length() > MAX_CONTENT_CHARS) {
          notes.add("left out (the result would exceed " + MAX_CONTENT_CHARS + " characters): " + path);
          continue;
        }
        total += content.length();
        files.add(FileContent.newBuilder().setPath(path).setContent(content).build());
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add("read " + files.size() + " of " + request.getPaths().size() + " files");
    lines.addAll(notes);
    return Tool.ok(Text.cap(String.join("\n", lines), maxOutputChars)).setFiles(files);
  }
}
