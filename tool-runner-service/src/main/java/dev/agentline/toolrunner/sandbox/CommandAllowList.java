package dev.agentline.toolrunner.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which shell commands RUN_TESTS, LINT and dependency resolution may run. A command is split, as
 * the shell would, into simple commands at {@code ;}, {@code &&}, {@code ||}, {@code |}, {@code &}
 * and line breaks (quotes and backslashes respected, {@code #} comments dropped); each one, without
 * its leading {@code NAME=value} assignments, must match one pattern. Refused outright: command
 * and process substitution ({@code $(…)}, backticks, {@code <(…)}), subshells and unquoted
 * parentheses, a simple command that only sets variables, an unterminated quote.
 *
 * <p>A pattern is words separated by spaces; each word is a glob over one word of the command
 * ({@code *}: any characters, {@code /} included; {@code ?}: one character), and the word
 * {@code **} matches any number of words, none included. So {@code mvn **} allows Maven with any
 * arguments, {@code sh *.sh} one repository script without arguments, {@code sh *.sh **} with any,
 * and {@code **} alone allows everything. Words are compared after quote removal; variables are not
 * expanded (an expansion cannot add an operator, only split into more words).
 */
public final class CommandAllowList {
  /** Everything is allowed (tests, and configurations that rely on the sandbox alone). */
  public static final CommandAllowList ANY = new CommandAllowList(List.of("**"));

  /** The default: common build tools, repository shell scripts, grep (a cheap check) and a few harmless shell words. */
  public static final List<String> DEFAULT_PATTERNS = List.of(
      "mvn **", "./mvnw **", "gradle **", "./gradlew **", "npm **", "yarn **", "pnpm **", "make **",
      "go test **", "cargo test **", "pytest **", "python -m pytest **", "python3 -m pytest **",
      "sh *.sh **", "bash *.sh **", "./*.sh **", "grep **", "cd *", "echo **", "true", "exit *");

  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);

  private final List<String> patterns;
  private final List<List<Pattern>> compiled;

  private CommandAllowList(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    this.compiled = this.patterns.stream().map(CommandAllowList::compile).toList();
  }

  /** {@link IllegalArgumentException} for an empty pattern. */
  public static CommandAllowList of(List<String> patterns) {
    if (patterns == null || patterns.isEmpty()) throw new IllegalArgumentException("no command is allowed: the list is empty");
    return new CommandAllowList(patterns.stream().map(String::strip).toList());
  }

  public List<String> patterns() {
    return patterns;
  }

  /** Returns quietly when every simple command is allowed, else {@link CommandRefusedException} naming the first that is not. */
  public void check(String command) {
    if (command == null || command.isBlank()) throw new CommandRefusedException("command not allowed: the command is empty");
    for (List<String> words : simpleCommands(command)) {
      int first = 0;
      while (first < words.size() && ASSIGNMENT.matcher(words.get(first)).matches()) first++;
      if (first == words.size()) throw refused(command, String.join(" ", words) + " only sets variables");
      List<String> program = words.subList(first, words.size());
      if (compiled.stream().noneMatch(pattern -> matches(pattern, 0, program, 0))) {
        String shown = String.join(" ", program);
        throw new CommandRefusedException("command not allowed: " + shown + (shown.equals(command.strip()) ? "" : " (in: " + command.strip() + ")")
            + " matches none of the allowed commands (agentline.sandbox.allowed-commands): " + String.join(", ", patterns));
      }
    }
  }

  private static CommandRefusedException refused(String command, String why) {
    return new CommandRefusedException("command not allowed: " + why + " (in: " + command.strip() + ")");
  }

  private static List<Pattern> compile(String pattern) {
    if (pattern.isBlank()) throw new IllegalArgumentException("empty command pattern");
    List<Pattern> words = new ArrayList<>();
    for (String word : pattern.split("\\s+")) {
      words.add(word.equals("**") ? null : Pattern.compile(word.chars()
          .mapToObj(c -> c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(Character.toString(c)))
          .collect(Collectors.joining()), Pattern.DOTALL));
    }
    return Collections.unmodifiableList(words);
  }

  /** {@code null} in a pattern is {@code **}: any number of words. */
  private static boolean matches(List<Pattern> pattern, int p, List<String> words, int w) {
    if (p == pattern.size()) return w == words.size();
    Pattern word = pattern.get(p);
    if (word == null) {
      for (int skip = w; skip <= words.size(); skip++) if (matches(pattern, p + 1, words, skip)) return true;
      return false;
    }
    return w < words.size() && word.matcher(words.get(w)).matches() && matches(pattern, p + 1, words, w + 1);
  }

  /** The command's simple commands, each as its words after quote removal; empty ones left out. */
  static List<List<String>> simpleCommands(String command) {
    List<List<String>> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int n = command.length();
    for (int i = 0; i < n; i++) {
      char c = command.charAt(i);
      char next = i + 1 < n ? command.charAt(i + 1) : '\0';
      switch (c) {
        case ' ', '\t' -> {
          inWord = endWord(words, word, inWord);
        }
        case '\n', ';', '|', '&' -> {
          // '&' and '|' inside a redirection (2>&1, >&2, &>log, >|file) belong to the word
          boolean redirection = (c == '&' || c == '|') && (endsWith(word, '>') || endsWith(word, '<'))
              || c == '&' && next == '>';
          if (redirection) {
            word.append(c);
            inWord = true;
          } else {
            inWord = endWord(words, word, inWord);
            if (!words.isEmpty()) commands.add(List.copyOf(words));
            words.clear();
          }
        }
        case '\'' -> {
          int end = command.indexOf('\'', i + 1);
          if (end < 0) throw refused(command, "unterminated quote");
          word.append(command, i + 1, end);
          inWord = true;
          i = end;
        }
        case '"' -> {
          i = doubleQuoted(command, i + 1, word);
          inWord = true;
        }
        case '\\' -> {
          if (next == '\n') {
            i++;
          } else if (i + 1 < n) {
            word.append(next);
            inWord = true;
            i++;
          }
        }
        case '`' -> throw refused(command, "command substitution (`…`)");
        case '(', ')' -> throw refused(command, c == '(' && (endsWith(word, '<') || endsWith(word, '>'))
            ? "process substitution" : c == '(' && endsWith(word, '$') ? "command substitution ($(…))" : "subshells and parentheses");
        case '#' -> {
          if (!inWord) {
            while (i + 1 < n && command.charAt(i + 1) != '\n') i++;
          } else {
            word.append(c);
          }
        }
        default -> {
          word.append(c);
          inWord = true;
        }
      }
    }
    endWord(words, word, inWord);
    if (!words.isEmpty()) commands.add(List.copyOf(words));
    return commands;
  }

  /** Reads a double-quoted string from {@code start} into {@code word}; returns the index of the closing quote. */
  private static int doubleQuoted(String command, int start, StringBuilder word) {
    for (int i = start; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c == '"') return i;
      if (c == '`') throw refused(command, "command substitution (`…`)");
      if (c == '$' && i + 1 < command.length() && command.charAt(i + 1) == '(') throw refused(command, "command substitution ($(…))");
      if (c == '\\' && i + 1 < command.length() && "$`\"\\\n".indexOf(command.charAt(i + 1)) >= 0) {
        if (command.charAt(i + 1) != '\n') word.append(command.charAt(i + 1));
        i++;
      } else {
        word.append(c);
      }
    }
    throw refused(command, "unterminated quote");
  }

  private static boolean endsWith(StringBuilder word, char c) {
    return !word.isEmpty() && word.charAt(word.length() - 1) == c;
  }

  private static boolean endWord(List<String> words, StringBuilder word, boolean inWord) {
    if (inWord) words.add(word.toString());
    word.setLength(0);
    return false;
  }

  @Override
  public String toString() {
    return "CommandAllowList" + patterns;
  }
}
