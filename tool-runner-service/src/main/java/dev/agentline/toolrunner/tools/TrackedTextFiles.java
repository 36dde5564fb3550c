package dev.agentline.toolrunner.tools;

import dev.agentline.toolrunner.context.ReadingOrder;
import dev.agentline.toolrunner.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tracked text files of a workspace, in {@link ReadingOrder} (README and build files, sources,
 * tests, the rest, tool directories last), each read once: what SEARCH, the
 * GATHER_CONTEXT queries and the repository map look at. Skipped: paths the path policy refuses
 * (e.g. a tracked symlink pointing outside), anything that is not a regular file, and binary files
 * (a NUL byte near the start). Files larger than {@link #MAX_FILE_BYTES} are not read: they are
 * visited with null content.
 */
final class TrackedTextFiles {
  static final long MAX_FILE_BYTES = 2L * 1024 * 1024;
  private static final int BINARY_PROBE_BYTES = 8000;

  /** Sees one file: its repository path and its text, or null when the file is too large to read. */
  interface Visitor {
    void visit(String path, String content) throws IOException;
  }

  private TrackedTextFiles() {}

  static void forEach(Workspace workspace, Visitor visitor) throws IOException {
    for (String path : ReadingOrder.sorted(workspace.trackedFiles())) {
      if (!workspace.paths().allows(path)) continue;
      Path file = workspace.dir().resolve(path);
      if (!Files.isRegularFile(file)) continue;
      if (Files.size(file) > MAX_FILE_BYTES) {
        visitor.visit(path, null);
        continue;
      }
      byte[] bytes = Files.readAllBytes(file);
      if (isBinary(bytes)) continue;
      visitor.visit(path, new String(bytes, StandardCharsets.UTF_8));
    }
  }

  private static boolean isBinary(byte[] bytes) {
    for (int i = 0; i < Math.min(bytes.length, BINARY_PROBE_BYTES); i++) if (bytes[i] == 0) return true;
    return false;
  }
}
