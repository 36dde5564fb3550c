package dev.agentline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code agentline}: the one-process launcher and CLI. */
@Command(name = "agentline", mixinStandardHelpOptions = true, version = "agentline 0.1.0",
    description = "Turns tickets into reviewed pull requests.",
    subcommands = {DemoCommand.class, RunCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success (the task is DONE, its branch pushed)", "1:the task failed (the reason is printed)", "2:bad input"})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    dev.agentline.platform.AvroCodec.trustAgentlineRecords();
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cli, parsed) -> {
          cli.getErr().println("agentline: " + cli.getCommandName() + " failed: " + e);
          if (Boolean.getBoolean("agentline.stacktrace")) e.printStackTrace(cli.getErr());
          return ExitCodes.TASK_FAILED;
        })
        .execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
