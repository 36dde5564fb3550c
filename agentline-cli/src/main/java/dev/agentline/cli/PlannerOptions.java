package dev.agentline.cli;

import java.net.URI;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Where the planner's REST API is, for the commands that talk to a running system. */
final class PlannerOptions {
  @Option(names = "--planner-url", defaultValue = "${env:AGENTLINE_PLANNER_URL:-http://localhost:8080}",
      description = "The planner's base URL (default: env AGENTLINE_PLANNER_URL, else http://localhost:8080; here ${DEFAULT-VALUE}).")
  String plannerUrl;

  /** The base URL without a trailing slash; bad input naming the option when it is not an http(s) URL. */
  String url() {
    return httpUrl("--planner-url", plannerUrl, "http://localhost:8080");
  }

  /** {@code value} without a trailing slash; a {@link CliFailure} (bad input) naming {@code option} when it is not an http(s) URL. */
  static String httpUrl(String option, String value, String example) {
    String url = value.strip().replaceAll("/+$", "");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw CliFailure.badInput(option + " '" + value + "' is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw CliFailure.badInput(option + " '" + value + "' must be an http(s) URL such as " + example);
    }
    return url;
  }
}
