package dev.agentline.planner.workflow;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The task branch: {@code agentline/<ticket-key-or-task-id>-<slug>}, where the slug is the ticket
 * title in lower case, letters and digits only, words joined by dashes, at most
 * {@value #MAX_SLUG} characters cut at a word. Always a valid git ref name.
 */
final class BranchName {
  static final int MAX_SLUG = 40;
  private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");
  private static final Pattern NOT_KEY = Pattern.compile("[^A-Za-z0-9._-]+");

  private BranchName() {}

  static String of(String ticketKey, String taskId, String title) {
    String key = ticketKey == null || ticketKey.isBlank() ? taskId : ticketKey.strip();
    key = trimDots(NOT_KEY.matcher(key).replaceAll("-"));
    String slug = slug(title);
    return "agentline/" + key + (slug.isEmpty() ? "" : "-" + slug);
  }

  static String slug(String title) {
    if (title == null) return "";
    String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    String slug = NOT_WORD.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-").replaceAll("^-+|-+$", "");
    if (slug.length() <= MAX_SLUG) return slug;
    int cut = slug.lastIndexOf('-', MAX_SLUG);
    return slug.substring(0, cut > 0 ? cut : MAX_SLUG);
  }

  /** Git refuses components that start with a dot or end with ".lock" or a dot. */
  private static String trimDots(String key) {
    String trimmed = key.replaceAll("^[.-]+", "").replaceAll("(\\.lock)+$", "").replaceAll("\\.+$", "").replace("..", "-");
    return trimmed.isEmpty() ? "task" : trimmed;
  }
}
