package dev.agentline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code agentline}: the one-process launcher and CLI. */
@Command(name = "agentline", mixinStandardHelpOptions = true, version = "agentline 0.1.0",
    description = "Turns tickets into reviewed pull requests.",
    subcommands = {DemoCommand.class, RunCommand.class, ApproveCommand.class, RejectCommand.class, AcceptStepCommand.class,
        RejectStepCommand.class, RetryStepCommand.class, CancelCommand.class, StatusCommand.class, MetricsCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success (demo, run: the task is DONE, its branch pushed; the others: the planner accepted the command or showed the task)",
        "1:the task failed (the reason is printed), or the planner could not be reached",
        "2:bad input, or the planner refused the command (the reason is printed)"})
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
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cli, parsed) -> {
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
