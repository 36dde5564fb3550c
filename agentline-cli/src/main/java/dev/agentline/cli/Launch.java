package dev.agentline.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/** Starts the embedded system, runs one task on it and stops it (unless asked to keep running). */
final class Launch {
  private Launch() {}

  static int task(SystemOptions options, PrintStream out, Path workDir, Path models, String repository, TicketFile ticket,
      String testCommand, String searchHint, long startedNanos) throws Exception {
    var settings = new EmbeddedSystem.Settings(workDir, models, 3, options.plannerPort, options.auditPort, options.verbose,
        options.serviceArgs());
    EmbeddedSystem.lowerCompilerPriority();
    EmbeddedSystem system = EmbeddedSystem.start(settings, message -> {
      if (!options.json) out.println(message);
    });
    try {
      if (!options.json) out.println("planner API " + system.plannerUrl() + ", audit API " + system.auditUrl());
      TaskRun.Outcome outcome;
      // with --json, stdout is the task alone, so the prompt goes to stderr
      try (var prompt = ApprovalPrompt.start(system.bootstrapServers(), system.plannerUrl(), options.requester, options.json ? System.err : out)) {
        outcome = new TaskRun(system, out, options.json).run(repository, ticket.requestedBy(options.requester), testCommand, searchHint,
            options.timeout, startedNanos);
      }
      if (options.keepRunning) SystemOptions.waitUntilInterrupted(out);
      return outcome.exitCode();
    } finally {
      system.close();
    }
  }
}
