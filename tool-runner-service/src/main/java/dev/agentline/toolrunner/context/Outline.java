package dev.agentline.toolrunner.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The declarations of one source file, found line by line with simple regular expressions (no
 * parser: it must never fail on code it does not understand, it just finds less). For Java this
 * is the fallback when {@link JavaOutline} cannot parse a file. Each entry is
 * a signature without its body, with a nesting level taken from the line's indentation.
 *
 * <ul>
 *   <li>Java / Kotlin: class, interface, enum, record, annotation and object declarations (nested
 *       ones too); public and protected methods and constructors; body-less declarations such as
 *       interface methods; Kotlin {@code fun} unless private.
 *   <li>Python: {@code class} and {@code def} (async too).
 *   <li>JavaScript / TypeScript: class, function, exported const/let/var, exported interface/type/enum.
 *   <li>Go: {@code func} (methods too) and {@code type}.
 * </ul>
 *
 * Text blocks and docstrings ({@code """}) are skipped; comments never match because every
 * pattern starts with a keyword or modifier.
 */
final class Outline {
  /** One declaration: its nesting level (0 = top of the file) and its signature. */
  record Entry(int level, String signature) {}

  private enum Language { JAVA, KOTLIN, PYTHON, SCRIPT, GO }

  private static final String JAVA_MODIFIERS = "(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp)\\s+)*";
  private static final Pattern JAVA_TYPE = Pattern.compile(
      "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*" + JAVA_MODIFIERS + "(?:class|interface|enum|record|@interface)\\s+\\w+.*");
  private static final Pattern JAVA_MEMBER = Pattern.compile(
      "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:public|protected)\\s+"
          + "(?:(?:static|final|abstract|synchronized|native|default|strictfp)\\s+)*(?:<.+?>\\s+)?"
          + "(?:[\\w.$\\[\\]<>?,]+(?:\\s*<[^=()]*>)?(?:\\[\\])*\\s+)?\\w+\\s*\\(.*");
  /** {@code Type name(args);} or {@code default Type name(args) {}: interface and abstract methods. */
  private static final Pattern JAVA_BODYLESS = Pattern.compile(
      "^\\s+(?:(?:abstract|static|default)\\s+)*(?:<.+?>\\s+)?[\\w.$]+(?:<[^=()]*>)?(?:\\[\\])*\\s+\\w+\\s*\\([^=]*\\)\\s*(?:throws\\s+[\\w.,\\s]+)?;\\s*$");
  private static final Pattern JAVA_DEFAULT_METHOD = Pattern.compile(
      "^\\s+default\\s+(?:<.+?>\\s+)?[\\w.$]+(?:<[^=()]*>)?(?:\\[\\])*\\s+\\w+\\s*\\(.*");
  private static final Set<String> STATEMENT_KEYWORDS = Set.of(
      "return", "throw", "new", "else", "case", "yield", "assert", "package", "import", "goto", "break", "continue");

  private static final Pattern KOTLIN_TYPE = Pattern.compile(
      "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|internal|data|sealed|open|abstract|enum|annotation|inner|value|companion)\\s+)*"
          + "(?:class|interface|object)\\b.*");
  private static final Pattern KOTLIN_FUN = Pattern.compile(
      "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|internal|open|override|abstract|suspend|inline|operator|infix|tailrec)\\s+)*fun\\b.*");

  private static final Pattern PYTHON_DECL = Pattern.compile("^\\s*(?:async\\s+def|def|class)\\s+\\w+.*");

  private static final Pattern SCRIPT_DECL = Pattern.compile(
      "^\\s*(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?(?:class\\s+\\w+|function\\s*\\*?\\s*\\w+).*");
  private static final Pattern SCRIPT_EXPORT = Pattern.compile(
      "^\\s*export\\s+(?:declare\\s+)?(?:const|let|var|interface|type|enum)\\s+\\w+.*");

  private static final Pattern SCRIPT_VALUE = Pattern.compile(
      "^(\\s*export\\s+(?:declare\\s+)?(?:const|let|var)\\s+[\\w$]+(?:\\s*:[^=]+)?)\\s*=\\s*(.*)$");

  private static final Pattern ARROW_FUNCTION = Pattern.compile("^(?:async\\s+)?(?:\\([^)]*\\)|[\\w$]+)\\s*(?::[^=]+)?=>.*");

  private static final String TRIPLE_QUOTE = "\"\"\"";

  private static final Pattern GO_DECL = Pattern.compile("^(?:func|type)\\s+.*");

  /** Declarations kept per file; beyond that one line says how many more there are. */
  static final int MAX_ENTRIES = 80;
  static final int MAX_SIGNATURE_CHARS = 200;
  /** Longer lines (minified or generated code) are not declarations worth showing, and keep the patterns cheap. */
  private static final int MAX_LINE_CHARS = 1000;
  private static final int MAX_CONTINUATION_LINES = 12;

  private Outline() {}

  /** True when the file's extension is one this outline understands. */
  static boolean supports(String path) {
    return language(path) != null;
  }

  static List<Entry> of(String path, String content) {
    Language language = language(path);
    if (language == null) return List.of();
    List<String> lines = content.lines().toList();
    List<int[]> found = new ArrayList<>(); // {line index, indentation columns}
    List<String> signatures = new ArrayList<>();
    boolean inTextBlock = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (inTextBlock) {
        if (tripleQuote(line, 0) >= 0) inTextBlock = false;
        continue;
      }
      // a line that opens a text block or docstring may itself declare something: look at it below
      inTextBlock = opensTextBlock(language, line);
      if (line.length() > MAX_LINE_CHARS || !matches(language, line)) continue;
      found.add(new int[] {i, indentation(line)});
      signatures.add(signature(language, lines, i));
    }
    return withLevels(found, signatures);
  }

  private static boolean matches(Language language, String line) {
    return switch (language) {
      case JAVA -> JAVA_TYPE.matcher(line).matches()
          || (JAVA_MEMBER.matcher(line).matches() && !assignsBeforeParenthesis(line))
          || JAVA_DEFAULT_METHOD.matcher(line).matches()
          || (JAVA_BODYLESS.matcher(line).matches() && !STATEMENT_KEYWORDS.contains(firstWord(line)));
      case KOTLIN -> KOTLIN_TYPE.matcher(line).matches() || KOTLIN_FUN.matcher(line).matches();
      case PYTHON -> PYTHON_DECL.matcher(line).matches();
      case SCRIPT -> SCRIPT_DECL.matcher(line).matches() || SCRIPT_EXPORT.matcher(line).matches();
      case GO -> GO_DECL.matcher(line).matches() && !line.startsWith("type (");
    };
  }

  /** {@code public static final Foo X = make(...)} is a field, not a method. */
  private static boolean assignsBeforeParenthesis(String line) {
    int paren = line.indexOf('(');
    int assign = line.indexOf('=');
    return assign >= 0 && assign < paren;
  }

  /**
   * The declaration without its body: continuation lines are joined while parentheses are open,
   * then everything from the body's opening brace (or Python's colon, or a const's value) is cut.
   */
  private static String signature(Language language, List<String> lines, int start) {
    StringBuilder text = new StringBuilder(lines.get(start).strip());
    int depth = parenthesisDepth(text);
    for (int i = start + 1; depth > 0 && i < lines.size() && i <= start + MAX_CONTINUATION_LINES; i++) {
      String next = lines.get(i).strip();
      text.append(text.charAt(text.length() - 1) == '(' ? "" : " ").append(next);
      depth += parenthesisDepth(next);
    }
    if (depth > 0) text.append(" …");
    String signature = switch (language) {
      case PYTHON -> stripPythonBody(text.toString());
      case SCRIPT -> stripScriptBody(text.toString());
      case KOTLIN -> cutAtBody(text.toString(), true);
      default -> cutAtBody(text.toString(), false);
    };
    return capped(signature.replaceAll("\\s+", " ").strip());
  }

  /** A signature cut at {@link #MAX_SIGNATURE_CHARS}. */
  static String capped(String signature) {
    return signature.length() > MAX_SIGNATURE_CHARS ? signature.substring(0, MAX_SIGNATURE_CHARS) + "…" : signature;
  }

  /**
   * Cut at the first '{' outside parentheses, or with {@code expressionBody} (Kotlin's
   * {@code fun f() = ...}) at the first '=' outside them; a trailing ';' is dropped.
   */
  private static String cutAtBody(String text, boolean expressionBody) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') depth++;
      else if (c == ')') depth--;
      else if (depth <= 0 && (c == '{' || (expressionBody && c == '=' && !text.startsWith("==", i)))) return trimEnd(text.substring(0, i));
    }
    return trimEnd(text);
  }

  private static String trimEnd(String text) {
    String t = text.strip();
    while (t.endsWith(";") || t.endsWith("=")) t = t.substring(0, t.length() - 1).strip();
    return t;
  }

  private static String stripPythonBody(String text) {
    int depth = 0;
    int lastColon = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(' || c == '[' || c == '{') depth++;
      else if (c == ')' || c == ']' || c == '}') depth--;
      else if (c == ':' && depth <= 0) {
        lastColon = i;
        break;
      }
    }
    return lastColon >= 0 ? text.substring(0, lastColon) : text;
  }

  /** An exported const keeps its parameters when it is an arrow function ({@code export const f = (a) =>}), else only its name. */
  private static String stripScriptBody(String text) {
    Matcher value = SCRIPT_VALUE.matcher(text);
    if (!value.matches()) return cutAtBody(text, false);
    String name = value.group(1).strip();
    String rhs = value.group(2);
    int arrow = rhs.indexOf("=>");
    boolean arrowFunction = arrow > 0 && ARROW_FUNCTION.matcher(rhs).matches();
    return arrowFunction ? name + " = " + rhs.substring(0, arrow + 2) : name;
  }

  private static int parenthesisDepth(CharSequence text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '(') depth++;
      else if (text.charAt(i) == ')') depth--;
    }
    return depth;
  }

  /**
   * Java's text blocks open with {@code """} at the end of a line; Kotlin's raw strings and
   * Python's docstrings with an unmatched {@code """} anywhere. Comment lines never open one.
   */
  private static boolean opensTextBlock(Language language, String line) {
    if (language == Language.GO || language == Language.SCRIPT) return false;
    String code = line.strip();
    if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*") || code.startsWith("#")) return false;
    int count = 0;
    for (int i = tripleQuote(code, 0); i >= 0; i = tripleQuote(code, i + 3)) count++;
    return count % 2 == 1 && (language != Language.JAVA || code.endsWith(TRIPLE_QUOTE));
  }

  /** Where the next {@code """} not escaped by a backslash starts, or -1. */
  private static int tripleQuote(String line, int from) {
    int i = line.indexOf(TRIPLE_QUOTE, from);
    while (i > 0 && line.charAt(i - 1) == '\\') i = line.indexOf(TRIPLE_QUOTE, i + 1);
    return i;
  }

  private static String firstWord(String line) {
    String stripped = line.strip();
    int end = 0;
    while (end < stripped.length() && Character.isJavaIdentifierPart(stripped.charAt(end))) end++;
    return stripped.substring(0, end);
  }

  private static int indentation(String line) {
    int columns = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ') columns++;
      else if (c == '\t') columns += 4;
      else break;
    }
    return columns;
  }

  /**
   * Nesting levels from indentation: each distinct deeper indentation opens a level, a shallower one
   * closes back to the level it had. Robust to 2-, 4- or tab-indented code without knowing the style.
   */
  private static List<Entry> withLevels(List<int[]> found, List<String> signatures) {
    List<Entry> entries = new ArrayList<>(found.size());
    List<Integer> stack = new ArrayList<>(); // indentation of each open level
    for (int k = 0; k < found.size(); k++) {
      int indent = found.get(k)[1];
      while (!stack.isEmpty() && stack.get(stack.size() - 1) >= indent) stack.remove(stack.size() - 1);
      entries.add(new Entry(stack.size(), signatures.get(k)));
      stack.add(indent);
    }
    return entries;
  }

  private static Language language(String path) {
    String name = path.toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    if (dot < 0 || name.lastIndexOf('/') > dot) return null;
    return switch (name.substring(dot + 1)) {
      case "java" -> Language.JAVA;
      case "kt", "kts" -> Language.KOTLIN;
      case "py", "pyi" -> Language.PYTHON;
      case "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts" -> Language.SCRIPT;
      case "go" -> Language.GO;
      default -> null;
    };
  }
}
