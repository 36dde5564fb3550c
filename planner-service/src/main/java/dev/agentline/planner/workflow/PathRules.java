package dev.agentline.planner.workflow;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which paths a task may change: globs over '/'-separated paths relative to the repository root
 * ({@code *} within a segment, {@code **} across segments, {@code **}{@code /x} also matching a root-level x,
 * a trailing {@code /} meaning everything below) — the same rules the tool runner's ChangePolicy applies.
 * The planner refuses plans that name a forbidden file; the tool runner enforces the same rules
 * on every apply, whatever it is asked.
 */
public record PathRules(List<String> allowed, List<String> protectedPaths) {
  public static final PathRules NONE = new PathRules(List.of(), List.of());

  public PathRules {
    allowed = List.copyOf(allowed);
    protectedPaths = List.copyOf(protectedPaths);
  }

  /** Why the path may not be changed, or empty when it may. */
  public Optional<String> refusal(String path) {
    for (String glob : protectedPaths) {
      if (matches(glob, path)) return Optional.of("protected path: " + path + " matches " + glob);
    }
    if (!allowed.isEmpty() && allowed.stream().noneMatch(glob -> matches(glob, path))) {
      return Optional.of("path not allowed: " + path + " matches none of " + String.join(", ", allowed));
    }
    return Optional.empty();
  }

  public boolean isProtected(String path) {
    return protectedPaths.stream().anyMatch(glob -> matches(glob, path));
  }

  static boolean matches(String glob, String path) {
    return regex(glob).matcher(path).matches();
  }

  private static Pattern regex(String glob) {
    if (glob.endsWith("/")) glob = glob + "**";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
        out.append(slash ? "(?:.*/)?" : ".*");
        i += slash ? 2 : 1;
      } else if (c == '*') {
        out.append("[^/]*");
      } else if (c == '?') {
        out.append("[^/]");
      } else {
        out.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(out.toString());
  }
}
