package dev.agentline.audit.search;

/**
 * Turns a {@code ts_headline} fragment into HTML a console can insert as is: the matched words in
 * {@code <b>…</b>}, everything else escaped. PostgreSQL marks matches with two private-use
 * characters ({@link #START}, {@link #STOP}). Before the headline is made, the text loses any of the
 * four private-use characters used here, and its {@code <} and {@code >} become {@link #LT} and
 * {@link #GT} (else {@code ts_headline} would drop whatever looks like a tag), so no stored text
 * can forge or break a mark, and {@code <script>} comes back as {@code &lt;script&gt;}.
 */
final class Snippets {
  static final char START = '\uE000';
  static final char STOP = '\uE001';
  static final char LT = '\uE002';
  static final char GT = '\uE003';

  private Snippets() {}

  static String html(String marked) {
    if (marked == null) return "";
    StringBuilder out = new StringBuilder(marked.length() + 32);
    boolean open = false;
    for (int i = 0; i < marked.length(); i++) {
      char c = marked.charAt(i);
      switch (c) {
        case START -> {
          if (!open) out.append("<b>");
          open = true;
        }
        case STOP -> {
          if (open) out.append("</b>");
          open = false;
        }
        case '<', LT -> out.append("&lt;");
        case '>', GT -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    if (open) out.append("</b>");
    return out.toString();
  }
}
