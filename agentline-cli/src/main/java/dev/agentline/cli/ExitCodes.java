package dev.agentline.cli;

/** What the CLI's exit codes mean (issue 8): the same for every command. */
final class ExitCodes {
  private ExitCodes() {}

  /** The command did what was asked: the task is DONE (run, demo, watch), shown, or the server accepted the command. */
  static final int OK = 0;
  /** The task failed (FAILED, CANCELLED, BUDGET_EXHAUSTED; the reason is printed), or the CLI itself failed unexpectedly. */
  static final int TASK_FAILED = 1;
  /** Bad input: a usage error, a bad spec file, or a server that refused the request (4xx: the fields are printed). */
  static final int BAD_INPUT = 2;
  /** A server could not be reached (connection refused, unknown host, no answer in time) or failed (5xx). */
  static final int UNREACHABLE = 3;
}
