package dev.agentline.platform.redact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in text by {@code [REDACTED:<kind>]} before anything is stored: API keys
 * (OpenAI, Anthropic, AWS, GitHub, GitLab, Slack), JSON web tokens, bearer and basic credentials,
 * {@code password=}/{@code token:}-style assignments, passwords in URLs (kept as
 * {@code https://user:***@host}) and PEM private keys (a key cut off before its END line is
 * redacted to the end of the text). Pure and thread-safe.
 *
 * <p>One pattern with one alternative per kind, so each secret is counted once: where two kinds
 * could match (a token inside a URL, a key in an assignment) the match that starts first wins.
 */
public final class Redactor {
  /** The kinds, in the order their alternatives are tried at one position. */
  public static final String PRIVATE_KEY = "private-key";
  public static final String URL_PASSWORD = "url-password";
  public static final String SECRET_ASSIGNMENT = "secret-assignment";
  public static final String BEARER_TOKEN = "bearer-token";
  public static final String BASIC_AUTH = "basic-auth";
  public static final String ANTHROPIC_KEY = "anthropic-key";
  public static final String OPENAI_KEY = "openai-key";
  public static final String AWS_ACCESS_KEY = "aws-access-key";
  public static final String GITHUB_TOKEN = "github-token";
  public static final String GITLAB_TOKEN = "gitlab-token";
  public static final String SLACK_TOKEN = "slack-token";
  public static final String JWT = "jwt";

  private static final String NOT_TOKEN_BEFORE = "(?<![A-Za-z0-9_-])";
  private static final String NOT_TOKEN_AFTER = "(?![A-Za-z0-9_-])";
  private static final String KEYWORD =
      "(?i:passw(?:or)?d|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?)";

  // Group names are the kinds without dashes; the replacement keeps the non-secret groups (…Keep).
  private static final Pattern SECRETS = secrets(true);

  /**
   * The same pattern whose assignment alternative never matches: where no assignment can start, trying that one costs a scan
   * to the end of the name run at each position (a run of 20 000 characters with a hint every 5 took seconds).
   */
  private static final Pattern SECRETS_BUT_ASSIGNMENTS = secrets(false);

  private static Pattern secrets(boolean assignments) {
    return Pattern.compile(String.join("|",
        "(?<privatekey>-----BEGIN (?<pemType>[A-Z0-9 ]*)PRIVATE KEY-----(?:.*?-----END \\k<pemType>PRIVATE KEY-----|.*+))",
        // scheme://user:password@  (the password may not hold / or @ or whitespace)
        "(?<urlpasswordKeep>\\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\\s:/@\"'<>]++:)(?<urlpassword>[^\\s/@\"'<>]++)(?=@)",
        // DB_PASSWORD=…, "api_key": "…", password: …  — not a call (x.getPassword()), a placeholder (${X}) or a PEM block
        assignments
            ? "(?<secretassignmentKeep>\\b[A-Za-z0-9_.-]*" + KEYWORD + "[\"']?\\s*+[=:]\\s*+[\"']?)"
                + "(?!-----BEGIN)(?<secretassignment>[^\\s\"'`&,;(){}\\[\\]<>]{3,}+)(?![(])"
            : "(?<secretassignmentKeep>(?!))(?<secretassignment>(?!))",
        "(?<bearertokenKeep>\\b(?i:bearer)\\s++)(?<bearertoken>[A-Za-z0-9._~+/-]{8,}+=*)",
        "(?<basicauthKeep>\\b(?i:authorization)[\"']?\\s*+[:=]\\s*+[\"']?(?i:basic)\\s++)(?<basicauth>[A-Za-z0-9+/]{8,}+=*)",
        NOT_TOKEN_BEFORE + "(?<anthropickey>sk-ant-[A-Za-z0-9_-]{20,}+)",
        NOT_TOKEN_BEFORE + "(?<openaikey>sk-(?=[A-Za-z_-]{0,80}[0-9])[A-Za-z0-9_-]{20,}+)",
        NOT_TOKEN_BEFORE + "(?<awsaccesskey>(?:AKIA|ASIA)[A-Z0-9]{16})" + NOT_TOKEN_AFTER,
        NOT_TOKEN_BEFORE + "(?<githubtoken>gh[pousr]_[A-Za-z0-9]{30,}+|github_pat_[A-Za-z0-9_]{22,}+)",
        NOT_TOKEN_BEFORE + "(?<gitlabtoken>glpat-[A-Za-z0-9_-]{20,}+)",
        NOT_TOKEN_BEFORE + "(?<slacktoken>xox[abposr]-[A-Za-z0-9-]{10,}+)",
        NOT_TOKEN_BEFORE + "(?<jwt>eyJ[A-Za-z0-9_-]{8,}+\\.eyJ[A-Za-z0-9_-]{8,}+\\.[A-Za-z0-9_-]{8,}+)"),
        Pattern.DOTALL);
  }

  /** The pattern itself (tests: what a scan of it at every position finds is what {@link #redact} finds). */
  static Pattern pattern() {
    return SECRETS;
  }

  private static final String[] KINDS = {
      PRIVATE_KEY, URL_PASSWORD, SECRET_ASSIGNMENT, BEARER_TOKEN, BASIC_AUTH, ANTHROPIC_KEY, OPENAI_KEY,
      AWS_ACCESS_KEY, GITHUB_TOKEN, GITLAB_TOKEN, SLACK_TOKEN, JWT};

  private static final java.util.Set<String> KEEPS_A_PREFIX = java.util.Set.of(URL_PASSWORD, SECRET_ASSIGNMENT, BEARER_TOKEN, BASIC_AUTH);

  private static final String[] KEYWORDS = {"password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "api_key",
      "api-key", "accesskey", "access_key", "access-key", "privatekey", "private_key", "private-key", "credential", "credentials"};

  private static final Redactor STANDARD = new Redactor();

  private Redactor() {}

  public static Redactor standard() {
    return STANDARD;
  }

  /** What stands in a secret's place: its kind and the secret itself (without a kept prefix such as {@code password=}) → the text. */
  @FunctionalInterface
  public interface Placeholder {
    String of(String kind, String secret);
  }

  /** {@code [REDACTED:<kind>]}, and {@code ***} for a password in a URL (so the URL still reads as one). */
  public static final Placeholder MARKED = (kind, secret) -> kind.equals(URL_PASSWORD) ? "***" : "[REDACTED:" + kind + "]";

  /** One secret found in a text: its kind and its value. */
  public record Secret(String kind, String value) {}

  /** The text with its secrets replaced by {@link #MARKED}, each counted in {@code tally}; the same instance when there are none. */
  public String redact(String text, Tally tally) {
    return redact(text, tally, MARKED);
  }

  /**
   * The text with each secret replaced by what {@code placeholder} makes of it, each counted in {@code tally}; the same
   * instance when there are none.
   *
   * <p>The same matches as the pattern's own scan ({@code find()} from the start), found without running it at every
   * position: every match holds a hint ({@link #hintAt}) and starts no earlier than the run of name characters before
   * that hint ({@link #earliestStart}). So the pattern is tried only at those positions
   * ({@code lookingAt()}, in text order, the text before and after visible to its look-arounds), and a long text with one
   * hint costs a scan for the hints and a few tries, not the pattern at each of its characters (~1 µs a character).
   */
  public String redact(String text, Tally tally, Placeholder placeholder) {
    if (text == null || text.length() < 8) return text;
    Hints hints = new Hints(text);
    Tries tries = null;
    StringBuilder out = null;
    int last = 0; // the text before this is in out
    // no match starts before this: past the last match (which holds its hint) and past the positions tried without one,
    // so each position is tried once
    int from = 0;
    for (int hint = hints.next(0); hint >= 0; hint = hints.next(from)) {
      if (tries == null) tries = new Tries(text);
      Matcher m = tries.matchAt(earliestStart(text, hint, from), hint);
      if (m == null) {
        from = hint + 1;
        continue;
      }
      String kind = kindOf(m);
      String group = groupName(kind);
      if (out == null) out = new StringBuilder(text.length());
      out.append(text, last, m.start());
      if (KEEPS_A_PREFIX.contains(kind)) out.append(m.group(group + "Keep"));
      out.append(placeholder.of(kind, m.group(group)));
      last = m.end();
      from = last;
      tally.add(kind);
    }
    if (out == null) return text;
    out.append(text, last, text.length());
    return out.toString();
  }

  /**
   * The pattern tried at given positions of one text ({@code lookingAt()}, the text before and after visible to its
   * look-arounds). The assignment alternative is left out where no assignment can start: it scans the run of name
   * characters ({@code [A-Za-z0-9_.-]}) from the position to its end, and only an assignment's {@code =} or {@code :}
   * after that end, behind a secret's name, can make it match. Once it has failed at a word boundary of a run, it fails
   * at every later position of the run (the same end, fewer ways to split the name), so it is left out there too.
   */
  private static final class Tries {
    private final String s;
    private final Matcher all;
    private final Matcher butAssignments;
    private final Matcher boundary;
    /** The name run last measured: {@code runFrom..runEnd}, and whether an assignment may end it. */
    private int runFrom = -1;
    private int runEnd = -1;
    private boolean runMayBeAssigned;

    Tries(String s) {
      this.s = s;
      all = SECRETS.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
      butAssignments = SECRETS_BUT_ASSIGNMENTS.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
      boundary = WORD_BOUNDARY.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
    }

    /** The match at the first position in {@code from..to} where the pattern matches, or null. */
    Matcher matchAt(int from, int to) {
      for (int p = from; p <= to; p++) {
        boolean assignment = assignmentMayStartAt(p);
        Matcher m = assignment ? all : butAssignments;
        m.region(p, s.length());
        if (m.lookingAt()) return m;
        if (assignment && boundaryAt(p)) runMayBeAssigned = false;
      }
      return null;
    }

    private boolean assignmentMayStartAt(int p) {
      if (p < runFrom || p >= runEnd) {
        int end = p;
        while (end < s.length() && isAssignedNameChar(s.charAt(end))) end++;
        runFrom = p;
        runEnd = end;
        runMayBeAssigned = end > p && assignedAfter(end);
      }
      return runMayBeAssigned;
    }

    /** After a name ending at {@code end}: a quote, whitespace and {@code =} or {@code :}, the name ending in a secret's keyword. */
    private boolean assignedAfter(int end) {
      int i = end;
      if (i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\'')) i++;
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
      return i < s.length() && (s.charAt(i) == '=' || s.charAt(i) == ':') && keywordBefore(s, i);
    }

    private boolean boundaryAt(int p) {
      boundary.region(p, s.length());
      return boundary.lookingAt();
    }
  }

  private static final Pattern WORD_BOUNDARY = Pattern.compile("\\b");

  /** The characters of an assignment's name ({@code [A-Za-z0-9_.-]}, the pattern's). */
  private static boolean isAssignedNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  }

  /**
   * Where a match holding the hint at {@code hint} may start at the earliest, not before {@code floor}: the start of the
   * run of name characters ({@link #isNameChar}) that holds the hint or, for an assignment's {@code =} or {@code :} (a
   * URL's {@code ://} too), that ends before it, after any whitespace and a quote. Every part of a match before its hint
   * is such a run: the assignment's name, the URL's scheme, a key's prefix ("sk", "eyJ", "authorization"); and a match
   * whose name holds a hint of another kind ({@code x.ghp_token: …}) starts at that run's start too, so it is found before
   * a shorter one inside it. A later hint in the same run walks back to the same start, so {@code floor} (the positions
   * tried for an earlier one) cuts nothing off.
   */
  private static int earliestStart(String s, int hint, int floor) {
    int i = hint;
    char c = s.charAt(hint);
    if (c == ':' || c == '=') {
      while (i > floor && Character.isWhitespace(s.charAt(i - 1))) i--;
      if (i > floor && (s.charAt(i - 1) == '"' || s.charAt(i - 1) == '\'')) i--;
    }
    while (i > floor && isNameChar(s.charAt(i - 1))) i--;
    return Math.max(i, floor);
  }

  /** The characters of the name in an assignment ({@code [A-Za-z0-9_.-]}) and of a URL's scheme ({@code [A-Za-z0-9+.-]}). */
  private static boolean isNameChar(char c) {
    return isAssignedNameChar(c) || c == '+';
  }

  /** The secrets in {@code text}, in order, each as often as it occurs. */
  public List<Secret> secrets(String text) {
    List<Secret> found = new ArrayList<>();
    redact(text, new Tally(), (kind, secret) -> {
      found.add(new Secret(kind, secret));
      return "";
    });
    return found;
  }

  /** Convenience for tests and one-off strings. */
  public String redact(String text) {
    return redact(text, new Tally());
  }

  /**
   * Whether the text holds a hint: a place where a secret of any kind could be ({@link #redact} tries the pattern only
   * near them; prompts, code and test output are mostly long and clean). Each kind is
   * looked for at a character that is rare in ordinary text (the {@code z} of "authorization", the
   * {@code J} of "eyJ", the dash of "sk-"), and a key's prefix only where a token starts, as the pattern
   * requires ({@code task-1} holds no {@code sk-} key).
   */
  static boolean mayHoldSecret(String s) {
    return new Hints(s).next(0) >= 0;
  }

  /**
   * The hints of one text in order. One scan per character looked at, each going forward only: String.indexOf is
   * vectorised, a loop over charAt is not.
   */
  private static final class Hints {
    private static final int NOT_LOOKED_FOR = -2;
    private final String s;
    /** For each of {@link #HINTS}: where its next hint is, -1 when there is none left. */
    private final int[] next = new int[HINTS.length];

    Hints(String s) {
      this.s = s;
      Arrays.fill(next, NOT_LOOKED_FOR);
    }

    /** The first hint at or after {@code at}, -1 if none; {@code at} never goes back. */
    int next(int at) {
      int first = -1;
      for (int k = 0; k < HINTS.length; k++) {
        if (next[k] == NOT_LOOKED_FOR || (next[k] >= 0 && next[k] < at)) {
          char c = HINTS[k];
          int i = s.indexOf(c, at);
          while (i >= 0 && !hintAt(s, i, c)) i = s.indexOf(c, i + 1);
          next[k] = i;
        }
        if (next[k] >= 0 && (first < 0 || next[k] < first)) first = next[k];
      }
      return first;
    }
  }

  /** The characters {@link #mayHoldSecret} looks closer at. */
  private static final char[] HINTS = "-:=AzZ_JbB".toCharArray();

  private static boolean hintAt(String s, int i, char c) {
    return switch (c) {
      case '-' -> s.startsWith("-----BEGIN", i) || prefixEndsAt(s, i, "sk-") || prefixEndsAt(s, i, "glpat-")
          || (i >= 4 && s.startsWith("xox", i - 4) && tokenStartsAt(s, i - 4));
      // both: password://x is an assignment whose value starts with //
      case ':' -> (s.startsWith("//", i + 1) && urlWithPassword(s, i + 3)) || keywordBefore(s, i);
      case '=' -> keywordBefore(s, i);
      case 'A' -> (s.startsWith("AKIA", i) || s.startsWith("ASIA", i)) && tokenStartsAt(s, i);
      case 'z', 'Z' -> i >= 7 && s.regionMatches(true, i - 7, "authorization", 0, 13);
      case '_' -> (i >= 3 && s.charAt(i - 3) == 'g' && s.charAt(i - 2) == 'h' && tokenStartsAt(s, i - 3))
          || (i >= 6 && s.startsWith("github_pat_", i - 6) && tokenStartsAt(s, i - 6));
      case 'J' -> prefixEndsAt(s, i, "eyJ");
      case 'b', 'B' -> i + 5 < s.length() && (s.charAt(i + 1) | 0x20) == 'e' && s.regionMatches(true, i, "bearer", 0, 6);
      default -> false;
    };
  }

  /** {@code prefix} ends at {@code end} (inclusive) and starts a token. */
  private static boolean prefixEndsAt(String s, int end, String prefix) {
    int start = end - prefix.length() + 1;
    return start >= 0 && s.startsWith(prefix, start) && tokenStartsAt(s, start);
  }

  /** No token character ({@code [A-Za-z0-9_-]}) before {@code i}: where the pattern's key alternatives may start. */
  private static boolean tokenStartsAt(String s, int i) {
    if (i == 0) return true;
    char c = s.charAt(i - 1);
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
  }

  // scheme://user:password@ — a colon and then an @ before the authority ends
  private static boolean urlWithPassword(String s, int from) {
    boolean colon = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '@') return colon;
      if (c == ':') colon = true;
      if (c == '/' || c == '"' || c == '\'' || c == '<' || c == '>' || Character.isWhitespace(c)) return false;
    }
    return false;
  }

  // …keyword["']? *[=:] — the name before an = or : ends with a secret's keyword
  private static boolean keywordBefore(String s, int at) {
    int end = at;
    while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) end--;
    if (end > 0 && (s.charAt(end - 1) == '"' || s.charAt(end - 1) == '\'')) end--;
    if (end == 0 || "dentylsDENTYLS".indexOf(s.charAt(end - 1)) < 0) return false;
    for (String keyword : KEYWORDS) {
      if (end >= keyword.length() && s.regionMatches(true, end - keyword.length(), keyword, 0, keyword.length())) return true;
    }
    return false;
  }

  private static String kindOf(Matcher m) {
    for (String kind : KINDS) {
      if (m.start(groupName(kind)) >= 0) return kind;
    }
    throw new IllegalStateException("a match of no kind: " + m.group());
  }

  private static String groupName(String kind) {
    return kind.replace("-", "");
  }

  /** Redactions counted by kind, for one stored row. Not thread-safe. */
  public static final class Tally {
    private final Map<String, Integer> counts = new TreeMap<>();

    void add(String kind) {
      counts.merge(kind, 1, Integer::sum);
    }

    public int total() {
      int total = 0;
      for (int n : counts.values()) total += n;
      return total;
    }

    /** Kind → count, ordered by kind. */
    public Map<String, Integer> counts() {
      return new LinkedHashMap<>(counts);
    }
  }
}
