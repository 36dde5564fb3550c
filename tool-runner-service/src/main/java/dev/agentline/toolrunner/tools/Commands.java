package dev.agentline.toolrunner.tools;

import dev.agentline.schemas.ToolRequest;
import dev.agentline.toolrunner.sandbox.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** What RUN_TESTS and LINT share: the request's command, run in the workspace. */
final class Commands {
  private Commands() {}

  static String required(ToolRequest request) {
    String command = request.getCommand();
    if (command == null || command.isBlank()) throw new ToolFailure(request.getTool() + " needs a command");
    return command;
  }

  /** The outcome, passing or not; a {@link ToolFailure} only when the command cannot be started. */
  static CommandRunner.Outcome run(CommandRunner runner, String what, String command, Path dir, Duration timeout) {
    try {
      return runner.run(command, dir, timeout);
    } catch (IOException e) {
      throw new ToolFailure("cannot run the " + what + " command: " + e.getMessage(), e);
    }
  }

  /** {@code "8.2 s"}. */
  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
