package dev.agentline.toolrunner.context;

import java.util.List;

/**
 * A compact map of a repository for a model: every file on its own line, in the order added
 * (callers add tracked files in {@link ReadingOrder}), and under each source file an indented outline of its
 * declarations: types, and method, function and constructor signatures without bodies. Java
 * files are parsed ({@link JavaOutline}); a Java file that does not parse, and Kotlin, Python,
 * JavaScript/TypeScript and Go files, get the line-pattern outline ({@link Outline}); other files
 * are listed by name only.
 *
 * <pre>
 * README.md
 * src/Greeter.java
 *   public class Greeter implements Greeting
 *     public Greeter(String name)
 *     public String greet(String name) throws IOException
 * src/Broken.java (not parsed: line 7, column 3: Found "}"; outline from line patterns)
 *   public class Broken
 * </pre>
 *
 * The text never exceeds {@code maxChars}: a file whose block does not fit ends the map, and a
 * last line says {@code ... N more files not shown (map capped at M characters)}. Files after
 * that are only counted, never parsed. A file's outline lists at most
 * {@value Outline#MAX_ENTRIES} declarations, then how many more there are.
 *
 * <p>Not thread-safe: one map per request.
 */
public final class RepositoryMap {
  /** Room kept for the cap marker. */
  private static final int MARKER_RESERVE = 100;
  public static final int MIN_CHARS = 2 * MARKER_RESERVE;

  private final int maxChars;
  private final StringBuilder text = new StringBuilder();
  private int shown;
  private int omitted;
  /** Made at the first Java file: one parser per map. */
  private JavaOutline java;

  public RepositoryMap(int maxChars) {
    if (maxChars < MIN_CHARS) throw new IllegalArgumentException("maxChars must be >= " + MIN_CHARS + ", was " + maxChars);
    this.maxChars = maxChars;
  }

  /**
   * Adds the next file. {@code content} is its text, or null when it was not read (too large):
   * then it is listed without an outline. Once the map is full, files are only counted.
   */
  public void add(String path, String content) {
    if (omitted > 0) {
      omitted++;
      return;
    }
    String block = block(path, content);
    if (text.length() + block.length() > maxChars - MARKER_RESERVE) {
      omitted++;
      return;
    }
    text.append(block);
    shown++;
  }

  /** Files listed in the map. */
  public int shown() {
    return shown;
  }

  /** Files left out because the map was full. */
  public int omitted() {
    return omitted;
  }

  public boolean capped() {
    return omitted > 0;
  }

  /** The map: one block per listed file, then the cap marker when files were left out. No trailing line break. */
  public String render() {
    if (!capped()) return text.toString().stripTrailing();
    return text + "... " + omitted + " more " + (omitted == 1 ? "file" : "files") + " not shown (map capped at " + maxChars + " characters)";
  }

  @Override
  public String toString() {
    return render();
  }

  private String block(String path, String content) {
    StringBuilder block = new StringBuilder(path);
    if (content == null || !Outline.supports(path)) return block.append('\n').toString();
    List<Outline.Entry> entries;
    if (path.endsWith(".java")) {
      if (java == null) java = new JavaOutline();
      JavaOutline.Result parsed = java.of(content);
      entries = parsed.entries();
      if (!parsed.parsed()) {
        entries = Outline.of(path, content);
        block.append(" (not parsed: ").append(parsed.problem()).append(entries.isEmpty() ? ")" : "; outline from line patterns)");
      }
    } else {
      entries = Outline.of(path, content);
    }
    block.append('\n');
    int listed = Math.min(entries.size(), Outline.MAX_ENTRIES);
    for (Outline.Entry entry : entries.subList(0, listed)) {
      block.append("  ".repeat(entry.level() + 1)).append(entry.signature()).append('\n');
    }
    if (listed < entries.size()) block.append("  … ").append(entries.size() - listed).append(" more declarations\n");
    return block.toString();
  }
}
