package dev.agentline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options every command that runs the embedded system shares. */
final class SystemOptions {
  @Option(names = "--workdir", description = "Directory for the broker, database, workspaces and state (default: a new temp dir).")
  Path workDir;

  @Option(names = "--timeout", defaultValue = "PT10M", description = "How long to wait for the task to end, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--planner-port", defaultValue = "0", description = "Port of the planner API (default: a free port).")
  int plannerPort;

  @Option(names = "--audit-port", defaultValue = "0", description = "Port of the audit API (default: a free port).")
  int auditPort;

  @Option(names = "--keep-running", description = "Keep the system running after the task ends, to browse its APIs; Ctrl-C stops it.")
  boolean keepRunning;

  @Option(names = "--json", description = "Print the final task as JSON instead of progress and a report.")
  boolean json;

  @Option(names = "--verbose", description = "Show the services' logs.")
  boolean verbose;

  @Option(names = "--approval", defaultValue = "never", converter = ApprovalConverter.class, paramLabel = "never|always",
      description = "Whether the plan waits for a person's approval (`agentline approve` from another terminal) before it runs (default: ${DEFAULT-VALUE}).")
  Approval approval;

  @Option(names = "--requester", defaultValue = "${env:USER:-cli}",
      description = "Who asks for the task; they may not approve its plan (default: env USER, else cli; here ${DEFAULT-VALUE}).")
  String requester;

  /** The planner's plan-approval gate. */
  enum Approval { NEVER, ALWAYS }

  static final class ApprovalConverter implements CommandLine.ITypeConverter<Approval> {
    @Override
    public Approval convert(String value) {
      try {
        return Approval.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is neither never nor always");
      }
    }
  }

  /** The command-line settings these options add, per service (see {@link EmbeddedSystem.Settings#extraArgs}). */
  Map<String, List<String>> serviceArgs() {
    return Map.of("planner", List.of("--agentline.planner.gates.plan-approval=" + approval.name().toLowerCase(Locale.ROOT)));
  }

  Path workDir(String prefix) throws IOException {
    if (workDir == null) workDir = Files.createTempDirectory(prefix);
    Files.createDirectories(workDir);
    return workDir.toAbsolutePath();
  }

  static void waitUntilInterrupted(java.io.PrintStream out) {
    out.println("agentline is still running; press Ctrl-C to stop it.");
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
