package dev.agentline.platform.edits;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the file path a model wrote near an edit: alone on a line ({@code src/App.java},
 * {@code **src/App.java**}, {@code `src/App.java`:}, {@code // src/App.java}, {@code # File: src/App.java}),
 * quoted once in a sentence ({@code Update `src/App.java` as follows:}) or in a fence's info string
 * ({@code ```java src/App.java}, {@code ```java:src/App.java}, {@code ```java title="src/App.java"}).
 * A word without a slash or an extension ("Changes", "Java") is not taken for a path.
 */
final class PathMentions {
  private static final Pattern CHARS = Pattern.compile("[\\w./\\\\+@$~\\-\\[\\]]+");
  private static final Pattern EXTENSION = Pattern.compile(".*\\.[A-Za-z][A-Za-z0-9_\\-]*$");
  private static final Set<String> BARE_NAMES = Set.of("makefile", "dockerfile", "containerfile", "jenkinsfile", "procfile",
      "gemfile", "rakefile", "vagrantfile", "brewfile", "pipfile", "license", "readme", "notice", "codeowners", "mvnw", "gradlew");
  private static final Pattern LEADING = Pattern.compile("^(?:[#>*`]+\\s*|//+\\s*|/\\*+\\s*|<!--\\s*|;+\\s*|--\\s+|[-+]\\s+|\\d+[.)]\\s+)+");
  private static final Pattern TRAILING = Pattern.compile("(?:\\s*(?:\\*/|-->|[*`:,;)]))+$");
  private static final Pattern LABEL = Pattern.compile(
      "^(?:(?:the\\s+)?(?:new\\s+)?file(?:\\s*name|\\s*path)?|filename|path|in|update|updated|modify|modified|edit|edited|create|created|changes?\\s+(?:to|in))\\s*[:\\-]?\\s*",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern QUOTED = Pattern.compile("`([^`\\s]+)`|\\*\\*([^*\\s]+)\\*\\*");
  private static final Pattern INFO_KEY = Pattern.compile("^(?:title|filename|file|path|name)=", Pattern.CASE_INSENSITIVE);

  private PathMentions() {}

  /** The path a line names, or null. */
  static String inLine(String line) {
    String text = undecorated(line.strip());
    if (looksLikePath(text)) return text;
    Matcher label = LABEL.matcher(text);
    if (label.find() && label.end() > 0) {
      String rest = undecorated(text.substring(label.end()));
      String first = rest.split("\\s+", 2)[0];
      first = undecorated(first);
      if (looksLikePath(first)) return first;
    }
    Set<String> quoted = new LinkedHashSet<>();
    Matcher m = QUOTED.matcher(line);
    while (m.find()) {
      String candidate = m.group(1) != null ? m.group(1) : m.group(2);
      candidate = TRAILING.matcher(candidate).replaceFirst("");
      if (looksLikePath(candidate) && (candidate.contains("/") || EXTENSION.matcher(candidate).matches())) quoted.add(candidate);
    }
    return quoted.size() == 1 ? quoted.iterator().next() : null;
  }

  /** True when the line names {@code path} and nothing else (decoration and a "File:" label aside). */
  static boolean namesOnly(String line, String path) {
    String text = undecorated(line.strip());
    if (text.equals(path)) return true;
    Matcher label = LABEL.matcher(text);
    return label.find() && label.end() > 0 && undecorated(text.substring(label.end())).equals(path);
  }

  /** The path a fence's info string names ({@code java src/App.java}), or null. */
  static String inFenceInfo(String info) {
    for (String token : info.split("[\\s:]+")) {
      String candidate = INFO_KEY.matcher(token).replaceFirst("").replaceAll("^[\"']|[\"']$", "");
      if (looksLikePath(candidate) && (candidate.contains("/") || EXTENSION.matcher(candidate).matches())) return candidate;
    }
    return null;
  }

  private static String undecorated(String text) {
    String previous;
    do {
      previous = text;
      text = LEADING.matcher(text).replaceFirst("");
      text = TRAILING.matcher(text).replaceFirst("").strip();
    } while (!text.equals(previous));
    return text;
  }

  static boolean looksLikePath(String text) {
    if (text.isEmpty() || text.contains("://") || !CHARS.matcher(text).matches()) return false;
    if (text.endsWith("/") || text.endsWith(".") || text.chars().noneMatch(Character::isLetterOrDigit)) return false;
    if (text.startsWith("<<<") || text.startsWith(">>>") || text.startsWith("===")) return false;
    String name = text.substring(Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\')) + 1);
    return text.contains("/") || EXTENSION.matcher(name).matches() || BARE_NAMES.contains(name.toLowerCase(Locale.ROOT));
  }
}
