package dev.agentline.cli;

import picocli.CommandLine.Parameters;

/** A decision about one step of the task's plan. */
abstract class StepDecisionCommand extends DecisionCommand {
  @Parameters(index = "1", paramLabel = "STEP-ID", description = "The plan step, e.g. s2.")
  String stepId;

  @Override
  final String stepId() {
    return stepId;
  }
}
