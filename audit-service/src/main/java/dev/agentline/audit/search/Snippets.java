package dev.agentline.audit.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * A search hit's snippet: up to {@value #MAX_FRAGMENTS} passages of at most {@value #MAX_WORDS} words of the
 * record's text where the query's words are, the matched words in {@code <b>…</b>}, everything else escaped, so a
 * console can insert it as is.
 *
 * <p>It finds the words as PostgreSQL's {@code english} configuration does, but without parsing the text in the
 * database ({@code ts_headline}'s parser took ~11 ms of a 50-hit page, a fifth of a search): a word of letters and
 * digits matches a lexeme of the query when it, lower-cased, or its Snowball English stem (the stemmer PostgreSQL
 * uses) is that lexeme; a lexeme with other characters (a file path, an e-mail address, a host, a version) matches
 * where it stands in the text, case aside, between non-word characters. Like PostgreSQL's parser, it does not read
 * the words of a path, URL, e-mail address or dotted name ({@code src/test/java}, {@code retry.amount}) as words of
 * their own, and it marks a hyphenated word's parts. Every lexeme the query names is marked, negated ones too (as
 * {@code ts_headline} does). {@code SearchApiTest} checks that it marks what {@code ts_headline} marks on the
 * synthetic records; the parser's rarer readings ({@code task-0-0/s2} is a word and a path to it) are not copied.
 *
 * <p>One instance serves one query's page; it is not thread-safe (the stemmer keeps state).
 */
final class Snippets {
  static final int MAX_WORDS = 24;
  static final int MAX_FRAGMENTS = 2;
  /** Words shown before a fragment's first match. */
  static final int LEAD = 4;
  static final String DELIMITER = " … ";
  /** Characters a fragment takes beyond its first and last words, up to a space. */
  private static final int MAX_EDGE = 40;
  /** Characters of a fragment at most, however long its words. */
  static final int MAX_CHARS = 480;

  /** A lexeme in a tsquery's text: quoted, a quote inside doubled. */
  private static final Pattern LEXEME = Pattern.compile("'((?:[^']|'')*)'");

  private final List<String> lexemes = new ArrayList<>();
  /** The lexemes of letters and digits only, to their index. */
  private final Map<String, Integer> words = new HashMap<>();
  private final EnglishStemmer stemmer = new EnglishStemmer();
  /** Stems of words seen, by lower-cased word (a page's records share most of their words). */
  private final Map<String, String> stems = new HashMap<>();
  /** First characters of the word lexemes: a stem keeps its word's first letter, so only such words are stemmed. */
  private final String firstChars;

  /** For a query as PostgreSQL prints a {@code tsquery}: {@code 'test' <-> 'fail'}, {@code 'refund' & !'coupon'}. */
  Snippets(String tsquery) {
    StringBuilder first = new StringBuilder();
    Matcher m = LEXEME.matcher(tsquery == null ? "" : tsquery);
    while (m.find()) {
      String lexeme = m.group(1).replace("''", "'");
      if (lexeme.isEmpty() || lexemes.contains(lexeme)) continue;
      lexemes.add(lexeme);
      if (isWord(lexeme)) {
        words.put(lexeme, lexemes.size() - 1);
        if (first.indexOf(lexeme.substring(0, 1)) < 0) first.append(lexeme.charAt(0));
      }
    }
    firstChars = first.toString();
  }

  /** The snippet of {@code text} as HTML; its first words when nothing in it matches. */
  String html(String text) {
    if (text == null || text.isEmpty()) return "";
    Words w = words(text);
    List<int[]> fragments = fragments(w);
    StringBuilder out = new StringBuilder(MAX_FRAGMENTS * MAX_WORDS * 8);
    for (int[] f : fragments) {
      if (out.length() > 0) out.append(DELIMITER);
      int from = w.start[f[0]];
      int to = w.end[f[1] - 1];
      // whole tokens: the punctuation and path around the first and last words, within reason
      for (int n = 0; n < MAX_EDGE && from > 0 && !Character.isWhitespace(text.charAt(from - 1)); n++) from--;
      for (int n = 0; n < MAX_EDGE && to < text.length() && !Character.isWhitespace(text.charAt(to)); n++) to++;
      if (to - from > MAX_CHARS) {
        // a run of very long words (minified code, an encoded blob): the characters around the first match
        from = Math.max(from, firstMatch(w, f) - MAX_CHARS / 4);
        to = Math.min(to, from + MAX_CHARS);
      }
      render(text, w, from, to, out);
    }
    return out.toString();
  }

  /** The whole text as HTML, every match marked (as {@code ts_headline} with {@code HighlightAll}). */
  String htmlAll(String text) {
    if (text == null || text.isEmpty()) return "";
    StringBuilder out = new StringBuilder(text.length() + 32);
    render(text, words(text), 0, text.length(), out);
    return out.toString();
  }

  /** The text's words, each with the lexeme it matches (or -1), and the character spans to mark. */
  private Words words(String text) {
    Words w = new Words();
    for (int i = 0; i < text.length(); ) {
      if (!inRun(text.charAt(i))) {
        i++;
        continue;
      }
      int runStart = i;
      while (i < text.length() && inRun(text.charAt(i))) i++;
      boolean compound = isCompound(text, runStart, i);
      for (int j = runStart; j < i; ) {
        if (!Character.isLetterOrDigit(text.charAt(j))) {
          j++;
          continue;
        }
        int start = j;
        while (j < i && Character.isLetterOrDigit(text.charAt(j))) j++;
        w.add(start, j, compound ? -1 : lexemeOf(text, start, j));
      }
    }
    for (int l = 0; l < lexemes.size(); l++) {
      String lexeme = lexemes.get(l);
      // a hyphenated word's parts are lexemes of the query too, and PostgreSQL marks the parts
      if (!isWord(lexeme) && !isWord(lexeme.replace("-", ""))) w.markOccurrences(text, lexeme, l);
    }
    return w;
  }

  /** Characters of a run that PostgreSQL's parser may read as one token: a path, URL, e-mail address, dotted name. */
  private static boolean inRun(char c) {
    return Character.isLetterOrDigit(c) || "_-./@:~+%&?=#".indexOf(c) >= 0;
  }

  /** A run holding a slash, an at sign or a dot between letters or digits: its words are not words of their own. */
  private static boolean isCompound(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '@') return true;
      if (c == '.' && i > start && i + 1 < end
          && Character.isLetterOrDigit(text.charAt(i - 1)) && Character.isLetterOrDigit(text.charAt(i + 1))) return true;
    }
    return false;
  }

  private int lexemeOf(String text, int start, int end) {
    if (firstChars.indexOf(Character.toLowerCase(text.charAt(start))) < 0) return -1;
    String word = lower(text, start, end);
    Integer l = words.get(word);
    if (l == null) l = words.get(stems.computeIfAbsent(word, this::stem));
    return l == null ? -1 : l;
  }

  private String stem(String word) {
    stemmer.setCurrent(word);
    stemmer.stem();
    return stemmer.getCurrent();
  }

  /**
   * The fragments, in text order, as word ranges [from, to): around the match whose {@value #MAX_WORDS} words hold
   * the most different lexemes (then the most matches, then the earliest), and the next such that does not overlap;
   * the first words when nothing matches.
   */
  private static List<int[]> fragments(Words w) {
    List<int[]> chosen = new ArrayList<>();
    if (w.count == 0) return chosen;
    for (int round = 0; round < MAX_FRAGMENTS; round++) {
      int[] best = null;
      int bestLexemes = 0;
      int bestMatches = 0;
      for (int m = 0; m < w.count; m++) {
        if (w.lexeme[m] < 0) continue;
        int to = Math.min(w.count, Math.max(0, m - LEAD) + MAX_WORDS);
        int from = Math.max(0, to - MAX_WORDS);
        if (overlaps(chosen, from, to)) continue;
        long seen = 0;
        int matches = 0;
        for (int i = from; i < to; i++) {
          if (w.lexeme[i] < 0) continue;
          seen |= 1L << (w.lexeme[i] & 63);
          matches++;
        }
        int distinct = Long.bitCount(seen);
        if (distinct > bestLexemes || distinct == bestLexemes && matches > bestMatches) {
          best = new int[] {from, to};
          bestLexemes = distinct;
          bestMatches = matches;
        }
      }
      if (best == null) break;
      chosen.add(best);
    }
    if (chosen.isEmpty()) chosen.add(new int[] {0, Math.min(w.count, MAX_WORDS)});
    chosen.sort((a, b) -> Integer.compare(a[0], b[0]));
    return chosen;
  }

  /** Where the first matched word of fragment [from, to) starts; the fragment's start when none. */
  private static int firstMatch(Words w, int[] fragment) {
    for (int i = fragment[0]; i < fragment[1]; i++) if (w.lexeme[i] >= 0) return w.start[i];
    return w.start[fragment[0]];
  }

  private static boolean overlaps(List<int[]> chosen, int from, int to) {
    for (int[] c : chosen) if (from < c[1] && c[0] < to) return true;
    return false;
  }

  /** Appends text[from, to) escaped, its marked characters in {@code <b>…</b>}. */
  private static void render(String text, Words w, int from, int to, StringBuilder out) {
    boolean open = false;
    for (int i = from; i < to; i++) {
      boolean marked = w.marked(i);
      if (marked != open) out.append(marked ? "<b>" : "</b>");
      open = marked;
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    if (open) out.append("</b>");
  }

  private static boolean isWord(String lexeme) {
    for (int i = 0; i < lexeme.length(); i++) if (!Character.isLetterOrDigit(lexeme.charAt(i))) return false;
    return true;
  }

  /** Lower-cased char by char, so positions stay those of the text. */
  private static String lower(String text, int start, int end) {
    char[] chars = new char[end - start];
    for (int i = start; i < end; i++) chars[i - start] = Character.toLowerCase(text.charAt(i));
    return new String(chars);
  }

  /** A text's words (character ranges and matched lexeme) and its marked character ranges. */
  private static final class Words {
    int count;
    int[] start = new int[64];
    int[] end = new int[64];
    int[] lexeme = new int[64];
    /** Marked characters beyond the matched words: where a lexeme with non-word characters stands. */
    private final List<int[]> spans = new ArrayList<>();

    void add(int from, int to, int l) {
      if (count == start.length) {
        start = Arrays.copyOf(start, count * 2);
        end = Arrays.copyOf(end, count * 2);
        lexeme = Arrays.copyOf(lexeme, count * 2);
      }
      start[count] = from;
      end[count] = to;
      lexeme[count++] = l;
    }

    /** Marks each stand-alone occurrence of {@code lexeme}, and gives the words inside it that lexeme. */
    void markOccurrences(String text, String lexeme, int l) {
      for (int at = indexOfIgnoreCase(text, lexeme, 0); at >= 0; at = indexOfIgnoreCase(text, lexeme, at + 1)) {
        int to = at + lexeme.length();
        if (at > 0 && Character.isLetterOrDigit(text.charAt(at - 1))) continue;
        if (to < text.length() && Character.isLetterOrDigit(text.charAt(to))) continue;
        spans.add(new int[] {at, to});
        for (int i = firstEndingAfter(at); i < count && start[i] < to; i++) if (start[i] >= at && end[i] <= to && this.lexeme[i] < 0) this.lexeme[i] = l;
      }
    }

    boolean marked(int at) {
      int i = wordAt(at);
      if (i >= 0 && lexeme[i] >= 0) return true;
      for (int[] s : spans) if (at >= s[0] && at < s[1]) return true;
      return false;
    }

    /** The word holding character {@code at}, or -1. */
    private int wordAt(int at) {
      int i = firstEndingAfter(at);
      return i < count && start[i] <= at ? i : -1;
    }

    /** The first word that ends after character {@code at} ({@code count} when none): words are in text order. */
    private int firstEndingAfter(int at) {
      int lo = 0;
      int hi = count;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (end[mid] <= at) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }

    private static int indexOfIgnoreCase(String text, String lexeme, int from) {
      for (int i = from; i + lexeme.length() <= text.length(); i++) {
        if (text.regionMatches(true, i, lexeme, 0, lexeme.length())) return i;
      }
      return -1;
    }
  }
}
