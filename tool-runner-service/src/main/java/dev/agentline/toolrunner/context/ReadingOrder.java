package dev.agentline.toolrunner.context;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The order a model should meet a repository's files in, so that a capped repository map (and
 * the first search hits) show what matters: the root's README and build files, then production
 * sources, then tests, then everything else, and last the tool directories ({@code .github},
 * {@code .mvn}, ...). Within a rank, paths stay in git's (sorted) order.
 */
public final class ReadingOrder {
  private static final List<String> ROOT_FILES = List.of("readme", "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle",
      "settings.gradle.kts", "package.json", "cargo.toml", "go.mod", "pyproject.toml", "setup.py", "makefile");

  private ReadingOrder() {}

  public static List<String> sorted(List<String> paths) {
    return paths.stream().sorted(Comparator.comparingInt(ReadingOrder::rank).thenComparing(Comparator.naturalOrder())).toList();
  }

  static int rank(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.startsWith(".") || p.contains("/.")) return 4;
    if (!p.contains("/") && ROOT_FILES.stream().anyMatch(p::startsWith)) return 0;
    if (isTest(p)) return 2;
    if (p.contains("src/main/") || p.startsWith("src/") || p.contains("/src/") || p.startsWith("lib/") || p.startsWith("app/")) return 1;
    return 3;
  }

  private static boolean isTest(String p) {
    return p.contains("src/test/") || p.contains("/test/") || p.startsWith("test/") || p.startsWith("tests/") || p.contains("/tests/")
        || p.contains("src/it/") || p.contains("__tests__/");
  }
}
