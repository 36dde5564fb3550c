package dev.agentline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agentline submit}: a task from a spec file, from flags, or both (flags win); prints the task id. */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Submit a task to a running planner and print its id (alone on stdout, for scripts).",
        "The task comes from a spec file (-f: the ticket YAML or JSON that `agentline run --ticket` reads), from flags, or both:",
        "a flag replaces the file's value; repeated flags (--criterion, --label, --constraint, --interface) add to the file's list."})
final class SubmitCommand extends ApiCommand {
  @Option(names = {"-f", "--file"}, paramLabel = "SPEC", description = "The spec file (YAML or JSON: title, description, acceptanceCriteria, testCommand, ...).")
  Path file;

  @Option(names = "--repo", description = "The repository: a git URL, or a local path the planner can read (sent as a file: URL). Required.")
  String repo;

  @Option(names = "--title", description = "One line saying what to do (required unless the spec file has it).")
  String title;

  @Option(names = "--description", description = "What and why, in prose.")
  String description;

  @Option(names = "--test-command", description = "Shell command that runs the repository's tests (required unless the spec file has it).")
  String testCommand;

  @Option(names = "--criterion", paramLabel = "TEXT", description = "An acceptance criterion (repeatable).")
  List<String> criteria = new ArrayList<>();

  @Option(names = "--label", description = "A label; the planner's approval policy may look at them (repeatable).")
  List<String> labels = new ArrayList<>();

  @Option(names = "--base-branch", description = "The branch to start from (default: the file's, else main).")
  String baseBranch;

  @Option(names = "--work-type", paramLabel = "TYPE",
      description = "The template that shapes the plan: feature, bugfix, refactor, migration, add-endpoint, add-field.")
  String workType;

  @Option(names = "--goal", description = "The outcome wanted, in one sentence.")
  String goal;

  @Option(names = "--constraint", paramLabel = "TEXT", description = "A constraint the change must respect (repeatable).")
  List<String> constraints = new ArrayList<>();

  @Option(names = "--interface", paramLabel = "TEXT", description = "An interface that must not break (repeatable).")
  List<String> interfaces = new ArrayList<>();

  @Option(names = "--budget-tokens", paramLabel = "N", description = "Most tokens the task may spend.")
  Long budgetTokens;

  @Option(names = "--budget-usd", paramLabel = "USD", description = "Most US dollars the task may spend.")
  Double budgetUsd;

  @Option(names = "--ticket-key", paramLabel = "KEY", description = "The ticket's key in its tracker, e.g. PROJ-123; it names the branch.")
  String ticketKey;

  @Option(names = "--requester", defaultValue = "${env:USER}",
      description = "Who asks for the task; they may not approve its plan (default: env USER).")
  String requester;

  @Mixin PlannerOptions planner;

  @Override
  int execute() throws Exception {
    TaskClient client = tasks(planner);
    TaskSpec base = TaskSpec.empty();
    if (file != null) {
      try {
        TicketFile ticket = TicketFile.read(file);
        base = TaskSpec.of(null, ticket, ticket.testCommand());
      } catch (TicketFile.InvalidTicketException e) {
        throw CliFailure.badInput(e.getMessage());
      }
    }
    TaskSpec spec = base.with(new TaskSpec.Flags(repo == null ? null : repository(repo), baseBranch, title, description, criteria, testCommand,
        budgetTokens, budgetUsd, requester == null || requester.isBlank() ? null : requester, labels, ticketKey, workType, goal, constraints, interfaces));
    List<String> problems = spec.problems();
    if (!problems.isEmpty()) {
      throw CliFailure.badInput("the task is not complete:" + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", problems));
    }
    JsonNode accepted = client.submit(spec);
    String taskId = accepted.path("taskId").asText();
    if (json) {
      printJson(accepted);
    } else {
      out().println(taskId);
      err().println("submitted task " + taskId + ": " + spec.title() + "; follow it with `agentline watch " + taskId + "`");
    }
    return ExitCodes.OK;
  }

  /** A URL as given; an existing local directory as its file: URL; anything else as given (the planner judges it). */
  static String repository(String repo) {
    String local = RunCommand.repository(repo);
    return local == null ? repo : local;
  }
}
