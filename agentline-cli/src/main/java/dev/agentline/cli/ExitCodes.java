package dev.agentline.cli;

/** What the CLI's exit codes mean. */
final class ExitCodes {
  private ExitCodes() {}

  static final int OK = 0;
  static final int TASK_FAILED = 1;
  static final int BAD_INPUT = 2;
  /** The commands that talk to a running planner: it could not be reached, or failed (5xx). */
  static final int PLANNER_UNREACHABLE = 1;
}
