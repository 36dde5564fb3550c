package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that talks to a running agentline over REST: {@code --json} (the answer as JSON on stdout, and nothing
 * else there), {@code --token}, and one place that turns a {@link CliFailure} into its message on stderr and its exit
 * code ({@link ExitCodes}).
 */
abstract class ApiCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print the answer as JSON on stdout, for scripts (messages go to stderr).")
  boolean json;

  @Option(names = "--token", defaultValue = "${env:AGENTLINE_TOKEN}", paramLabel = "TOKEN",
      description = "Sent as 'Authorization: Bearer TOKEN' (default: env AGENTLINE_TOKEN): an API token or an OIDC access token "
          + "(agentline.security.*); the embedded system of demo/run needs none.")
  String token;

  @Spec CommandSpec spec;

  /** Does the work; returns the exit code, or throws {@link CliFailure}. */
  abstract int execute() throws Exception;

  @Override
  public final Integer call() throws Exception {
    try {
      return execute();
    } catch (CliFailure e) {
      err().println(name() + ": " + e.getMessage());
      return e.exitCode();
    }
  }

  final RestClient planner(PlannerOptions options) {
    return new RestClient("planner", options.url(), "--planner-url or AGENTLINE_PLANNER_URL", token);
  }

  final TaskClient tasks(PlannerOptions options) {
    return new TaskClient(options.url(), token);
  }

  final RestClient audit(AuditOptions options) {
    return new RestClient("audit service", options.url(), "--audit-url or AGENTLINE_AUDIT_URL", token);
  }

  /** A task id goes into URL paths: bad input unless it is letters, digits, '.', '_' and '-'. */
  static void checkTaskId(String taskId) {
    if (!taskId.matches("[A-Za-z0-9._-]+")) {
      throw CliFailure.badInput("task id '" + taskId + "' may only hold letters, digits, '.', '_' and '-'");
    }
  }

  final void printJson(JsonNode node) throws IOException {
    out().println(TaskClient.pretty(node));
  }

  final String name() {
    return spec.qualifiedName();
  }

  final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  final PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
