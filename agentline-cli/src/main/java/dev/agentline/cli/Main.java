package dev.agentline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code agentline}: the one-process launcher and CLI. */
@Command(name = "agentline", mixinStandardHelpOptions = true, version = "agentline 0.1.0",
    description = "Turns tickets into reviewed pull requests.",
    subcommands = {DemoCommand.class, RunCommand.class, SubmitCommand.class, StatusCommand.class, WatchCommand.class, ApproveCommand.class,
        RejectCommand.class, CancelCommand.class, RetryCommand.class, LogsCommand.class, SearchCommand.class, CostCommand.class,
        MetricsCommand.class, DeadLetterCommand.class, AcceptStepCommand.class, RejectStepCommand.class, RetryStepCommand.class, TakeoverCommand.class, HandbackCommand.class,
        ReportCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nServers and token:%n",
    footer = {"The commands that talk to a running agentline take --planner-url (env AGENTLINE_PLANNER_URL, default http://localhost:8080)",
        "or --audit-url (env AGENTLINE_AUDIT_URL, default http://localhost:8084), and --token (env AGENTLINE_TOKEN), sent as",
        "'Authorization: Bearer TOKEN' (an API token or OIDC access token; see agentline.security.* in the services' READMEs).",
        "--json prints machine-readable output on stdout."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success: the task is DONE (demo, run, watch), waits for a person (watch), was shown, or the server accepted the command",
        "1:the task failed, was cancelled or ran out of budget (the reason is printed)",
        "2:bad input: a usage error, a bad spec file, or a server that refused the request (the fields are printed)",
        "3:a server could not be reached (connection refused, unknown host, no answer in time) or failed (5xx)"})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    dev.agentline.platform.AvroCodec.trustAgentlineRecords();
    return commandLine().execute(args);
  }

  /** The whole CLI, ready to execute (tests set its out and err). */
  static CommandLine commandLine() {
    CommandLine root = new CommandLine(new Main());
    // a search query's exclusions (-manager) are words of the query, not options
    root.getSubcommands().get("search").setUnmatchedOptionsArePositionalParams(true);
    return root
        .setExecutionExceptionHandler((e, cli, parsed) -> {
          if (e instanceof CliFailure failure) {
            cli.getErr().println("agentline " + cli.getCommandName() + ": " + failure.getMessage());
            return failure.exitCode();
          }
          cli.getErr().println("agentline: " + cli.getCommandName() + " failed: " + e);
          if (Boolean.getBoolean("agentline.stacktrace")) e.printStackTrace(cli.getErr());
          return ExitCodes.TASK_FAILED;
        });
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
