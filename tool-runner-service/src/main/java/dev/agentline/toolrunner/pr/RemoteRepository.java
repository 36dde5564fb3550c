package dev.agentline.toolrunner.pr;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host and the project path of a hosted origin: {@code https://github.com/o/r.git},
 * {@code ssh://git@host:22/group/sub/r.git} and {@code git@host:o/r.git} all give (host, "o/r" or "group/sub/r").
 */
public record RemoteRepository(String host, String path) {
  private static final Pattern SCP = Pattern.compile("(?:[^@/]+@)?([^:/]+):(?!//)(.+)");

  public static Optional<RemoteRepository> parse(String origin) {
    if (origin == null || origin.startsWith("file:") || origin.startsWith("/")) return Optional.empty();
    String host;
    String path;
    if (origin.contains("://")) {
      URI uri;
      try {
        uri = URI.create(origin);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      if (uri.getHost() == null || uri.getPath() == null) return Optional.empty();
      host = uri.getHost();
      path = uri.getPath();
    } else {
      Matcher m = SCP.matcher(origin);
      if (!m.matches()) return Optional.empty();
      host = m.group(1);
      path = m.group(2);
    }
    path = path.replaceAll("^/+|/+$", "");
    if (path.endsWith(".git")) path = path.substring(0, path.length() - 4);
    if (!path.contains("/")) return Optional.empty();
    return Optional.of(new RemoteRepository(host.toLowerCase(Locale.ROOT), path));
  }

  public String owner() {
    return path.substring(0, path.lastIndexOf('/'));
  }

  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
