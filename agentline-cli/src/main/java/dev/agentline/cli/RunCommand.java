package dev.agentline.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agentline run}: one ticket against any git repository, on the embedded system. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run one ticket against a git repository on the embedded system; exits 0 when the PR branch is pushed.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--repo", required = true, description = "The repository: a local path or a git URL (file://, https://).")
  String repo;

  @Option(names = "--ticket", required = true, description = "The ticket file (YAML or JSON: title, description, acceptanceCriteria, testCommand).")
  Path ticket;

  @Option(names = "--models", required = true, description = "A cassette (recorded answers) or a models config (YAML).")
  Path models;

  @Option(names = "--test-command", description = "Shell command that runs the repository's tests (overrides the ticket's testCommand).")
  String testCommand;

  @Mixin SystemOptions options;
  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    TicketFile parsed;
    try {
      parsed = TicketFile.read(ticket);
    } catch (TicketFile.InvalidTicketException e) {
      return badInput(e.getMessage());
    }
    String command = testCommand != null ? testCommand : parsed.testCommand();
    if (command == null || command.isBlank()) {
      return badInput("no test command: give --test-command or a testCommand in " + ticket);
    }
    if (!Files.isRegularFile(models)) return badInput("models file " + models + " does not exist");
    String repository = repository(repo);
    if (repository == null) return badInput("repository " + repo + " is neither an existing local path nor a git URL");
    Path workDir = options.workDir("agentline-run");
    return Launch.task(options, out, workDir, models, repository, parsed, command, parsed.title(), started);
  }

  /** A URL as given, or a local path as a file: URI; null when neither. */
  static String repository(String repo) {
    if (repo.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.+")) return repo;
    Path path = Path.of(repo).toAbsolutePath().normalize();
    if (!Files.isDirectory(path)) return null;
    return URI.create(path.toUri().toString()).toString();
  }

  private int badInput(String message) {
    err.println("agentline run: " + message);
    return ExitCodes.BAD_INPUT;
  }
}
