package dev.agentline.toolrunner.tools;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Narrows a repository's test command to one test class or method ({@code FooTest},
 * {@code FooTest#adds}, {@code com.x.FooTest#adds}, {@code FooTest#add*}, several separated by
 * commas). Pure: command text in, command text out.
 *
 * <ul>
 *   <li>A command with a {@value #PLACEHOLDER} placeholder gets the selector there, single-quoted,
 *       as given; without a selector the whitespace-separated word holding the placeholder is
 *       dropped ({@code mvn test -Dtest={test}} runs {@code mvn test}).
 *   <li>Maven ({@code mvn}, {@code mvnw}, {@code ./mvnw}, {@code mvnd}, any path to them) gets
 *       {@code -Dtest='<selector>' -Dsurefire.failIfNoSpecifiedTests=false} appended (Surefire 3's
 *       {@code Class#method} syntax; modules without the class do not fail).
 *   <li>Gradle ({@code gradle}, {@code gradlew}, {@code ./gradlew}) gets one
 *       {@code --tests '<Class.method>'} per selector.
 *   <li>Anything else, or a Maven/Gradle call followed by a pipe, redirection or background
 *       {@code &} (where appended arguments would go astray), cannot be narrowed: a
 *       {@link ToolFailure} says so and suggests the placeholder.
 * </ul>
 *
 * The selector may hold only letters, digits and {@code . _ $ # * ,}, so it can carry no shell
 * syntax; it is single-quoted all the same (for {@code $} and {@code *}).
 */
final class TestSelector {
  static final String PLACEHOLDER = "{test}";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.$#*,]{1,500}");
  private static final Pattern PLACEHOLDER_WORD = Pattern.compile("\\S*" + Pattern.quote(PLACEHOLDER) + "\\S*");
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=\\S*");
  private static final Set<String> MAVEN = Set.of("mvn", "mvnw", "mvnd");
  private static final Set<String> GRADLE = Set.of("gradle", "gradlew");

  /** The command to run; {@code reportsExpected}: it is a narrowed Maven or Gradle run, which writes JUnit reports for every test it runs. */
  record Narrowed(String command, boolean reportsExpected) {}

  private TestSelector() {}

  /** {@code selector} null or blank: the whole suite (only the placeholder word is dropped). */
  static Narrowed narrow(String command, String selector) {
    if (selector == null || selector.isBlank()) {
      return new Narrowed(command.contains(PLACEHOLDER) ? PLACEHOLDER_WORD.matcher(command).replaceAll("").strip() : command, false);
    }
    String tests = selector.strip();
    if (!VALID.matcher(tests).matches()) {
      throw new ToolFailure("test selector " + quoteForMessage(tests) + " is not valid: use a class or Class#method"
          + " (letters, digits and . _ $ # * , only), e.g. FooTest, FooTest#adds, com.x.FooTest#adds");
    }
    if (command.contains(PLACEHOLDER)) {
      return new Narrowed(command.replace(PLACEHOLDER, quote(tests)), false);
    }
    String program = program(command);
    if (MAVEN.contains(program)) {
      return new Narrowed(command.strip() + " -Dtest=" + quote(tests) + " -Dsurefire.failIfNoSpecifiedTests=false", true);
    }
    if (GRADLE.contains(program)) {
      String filters = Arrays.stream(tests.split(","))
          .filter(test -> !test.isEmpty())
          .map(test -> "--tests " + quote(test.replace('#', '.')))
          .collect(Collectors.joining(" "));
      return new Narrowed(command.strip() + " " + filters, true);
    }
    throw new ToolFailure("cannot narrow the test command to " + tests + ": \"" + command.strip() + "\" is not a plain Maven (mvn, ./mvnw)"
        + " or Gradle (gradle, ./gradlew) call; put a " + PLACEHOLDER + " placeholder where the selector goes,"
        + " e.g. \"./run-tests.sh " + PLACEHOLDER + "\"");
  }

  /**
   * The program of the command's last simple command (after the last {@code &&} or {@code ;},
   * leading {@code VAR=value} words skipped), by file name; "" when arguments appended to the
   * command would not reach it (a pipe, redirection, background job or substitution follows it).
   */
  private static String program(String command) {
    String last = command;
    int cut = Math.max(last.lastIndexOf("&&"), last.lastIndexOf(';'));
    if (cut >= 0) last = last.substring(cut + (last.startsWith("&&", cut) ? 2 : 1));
    if (last.chars().anyMatch(c -> "|<>&`#\n\\(".indexOf(c) >= 0)) return "";
    List<String> words = Arrays.stream(last.strip().split("\\s+")).filter(word -> !word.isEmpty()).toList();
    for (String word : words) {
      if (ASSIGNMENT.matcher(word).matches()) continue;
      return word.substring(word.lastIndexOf('/') + 1);
    }
    return "";
  }

  private static String quote(String validSelector) {
    return "'" + validSelector + "'";
  }

  private static String quoteForMessage(String text) {
    return "\"" + (text.length() > 80 ? text.substring(0, 80) + "…" : text) + "\"";
  }
}
