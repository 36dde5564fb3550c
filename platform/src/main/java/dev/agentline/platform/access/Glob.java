package dev.agentline.platform.access;

import java.util.regex.Pattern;

/**
 * A glob on a repository URL or path: {@code *} any characters but {@code /}, {@code **} any characters,
 * {@code ?} one character but {@code /}. {@code https://github.com/acme/*} allows every repository of acme,
 * {@code /srv/git/**} everything under a directory, {@code **} everything.
 */
record Glob(String text, Pattern pattern) {

  static Glob of(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("a repository glob must not be blank");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        out.append(".*");
        i++;
      } else if (c == '*') {
        out.append("[^/]*");
      } else if (c == '?') {
        out.append("[^/]");
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new Glob(text, Pattern.compile(out.toString()));
  }

  boolean matches(String repository) {
    return pattern.matcher(repository).matches();
  }
}
