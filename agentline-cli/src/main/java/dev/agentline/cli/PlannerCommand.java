package dev.agentline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A command that asks a running planner about one task over REST. Exit codes: 0 the planner accepted (or showed);
 * 2 bad input or refused (400, 403, 404, 409: the problem's detail and field errors are printed); 1 the planner
 * could not be reached, or failed (5xx).
 */
abstract class PlannerCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "TASK-ID", description = "The task, e.g. t-1a2b3c4d.")
  String taskId;

  @Mixin PlannerOptions planner;
  @Spec CommandSpec spec;

  /** Asks the planner; an IOException means it could not be reached. */
  abstract TaskClient.Reply ask(TaskClient client) throws IOException, InterruptedException;

  /** Shows what the planner answered when it succeeded; returns the exit code. */
  abstract int succeeded(TaskClient.Reply reply) throws IOException;

  @Override
  public final Integer call() throws Exception {
    String url;
    try {
      url = planner.url();
      if (!taskId.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("task id '" + taskId + "' may only hold letters, digits, '.', '_' and '-'");
      }
      validate();
    } catch (IllegalArgumentException e) {
      return badInput(e.getMessage());
    }
    TaskClient.Reply reply;
    try {
      reply = ask(new TaskClient(url));
    } catch (IOException e) {
      err().println(name() + ": cannot reach the planner at " + url + ": " + reason(e)
          + " (is it running? --planner-url or AGENTLINE_PLANNER_URL says where it is)");
      return ExitCodes.PLANNER_UNREACHABLE;
    }
    if (reply.succeeded()) return succeeded(reply);
    boolean refused = switch (reply.status()) {
      case 400, 403, 404, 409 -> true;
      default -> false;
    };
    err().println(name() + ": the planner " + (refused ? "refused" : "failed") + " (HTTP " + reply.status() + "): "
        + String.join(System.lineSeparator(), reply.problem()));
    return refused ? ExitCodes.BAD_INPUT : ExitCodes.PLANNER_UNREACHABLE;
  }

  /** Checks the input before anything is sent; throws IllegalArgumentException with what is wrong. */
  void validate() {}

  final int badInput(String message) {
    err().println(name() + ": " + message);
    return ExitCodes.BAD_INPUT;
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

  /** The JDK's HTTP client throws with null messages; the causes say what happened. */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) return "unknown host";
      if (t instanceof java.net.http.HttpTimeoutException) return "no answer in time";
      if (t instanceof java.net.ConnectException && t.getCause() instanceof java.nio.channels.ClosedChannelException) {
        return "connection refused";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
    return e.getClass().getSimpleName();
  }
}
