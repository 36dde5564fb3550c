package dev.agentline.cli;

/** Ends a command with an exit code ({@link ExitCodes}) and a message for stderr. */
final class CliFailure extends RuntimeException {
  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  static CliFailure badInput(String message) {
    return new CliFailure(ExitCodes.BAD_INPUT, message);
  }

  int exitCode() {
    return exitCode;
  }
}
