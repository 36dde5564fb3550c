package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.Topics;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import dev.agentline.schemas.ToolName;
import dev.agentline.schemas.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool runner loses a task's workspace in the middle of the task (a wiped disk, a new pod): it rebuilds it
 * from the pushed task branch and the task goes on. The workspace is deleted while the manager evaluates step s1
 * (after s1's edits were applied, committed, pushed and tested); the manager answers that call after 3 s, so the
 * tool runner is idle for the task while its directory goes (the planner waits for one answer at a time).
 */
class WorkspaceLossTest {
  @TempDir static Path dir;
  static FakeModels models;
  static EmbeddedSystem system;

  @BeforeAll
  static void start() throws Exception {
    models = new FakeModels();
    models.openAiCompatible(FakeModels.PLAN, FakeModels.answer("manager", "plan", null));
    models.openAiCompatible(FakeModels.EVALUATE, FakeModels.answer("manager", "evaluate", "s1"),
        stub -> stub.inScenario("evaluate").whenScenarioStateIs(STARTED).willSetStateTo("s1 evaluated")
            .willReturn(FakeModels.chatCompletion(FakeModels.answer("manager", "evaluate", "s1")).withFixedDelay(3000)));
    models.openAiCompatible(FakeModels.EVALUATE, FakeModels.answer("manager", "evaluate", "s2"),
        stub -> stub.inScenario("evaluate").whenScenarioStateIs("s1 evaluated"));
    models.openAiCompatible(FakeModels.SUMMARIZE, FakeModels.answer("manager", "summarize", null));
    SampleRepository.copyResource("demo/cassette.yaml", dir);
    Path modelsFile = Files.writeString(dir.resolve("models.yaml"), """
        defaults:
          provider: replay
          cassette: cassette.yaml
        roles:
          manager:
            provider: openai-compatible
            base-url: http://localhost:%d/v1
            model: qwen2.5-coder
        """.formatted(models.port()));
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), modelsFile, 2, 0, 0, false), m -> {});
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
    if (models != null) models.close();
  }

  @Test
  void aTaskWhoseWorkspaceIsDeletedMidwayFinishesFromThePushedBranchWithBothStepsChanges() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path origin = SampleRepository.create(repo);
    TicketFile ticket = TicketFile.read(SampleRepository.copyResource("demo/ticket.yaml", dir));
    String taskId = new TaskClient(system.plannerUrl()).submit(origin.toUri().toString(), ticket, ticket.testCommand());
    Path workspace = system.workDir().resolve("workspaces").resolve(taskId);

    Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
        .until(() -> !models.chatRequests(FakeModels.EVALUATE).isEmpty());
    assertThat(workspace.resolve(".git")).isDirectory();
    deleteTree(workspace);

    TaskEvent end = TopicContents.awaitEnd(system.bootstrapServers(), List.of(taskId), Duration.ofMinutes(2)).get(taskId);
    assertThat(end.getStatus().name()).as(end.getMessage()).isEqualTo("DONE");
    assertThat(workspace.resolve(".git")).as("the rebuilt workspace").isDirectory();

    // nothing had to be done again: no step failed or was retried, every tool answered ok
    String bootstrap = system.bootstrapServers();
    List<TaskEvent> events = TopicContents.values(bootstrap, List.of(Topics.TASK_EVENTS), true, taskId, TaskEvent.class);
    assertThat(events).extracting(TaskEvent::getType).doesNotContain(TaskEventType.STEP_RETRIED, TaskEventType.STEP_FAILED);
    List<ToolResult> results = TopicContents.values(bootstrap, List.of(Topics.TOOL_RESULTS), true, taskId, ToolResult.class);
    assertThat(results).filteredOn(r -> !r.getOk()).isEmpty();
    String s1Commit = results.stream().filter(r -> r.getTool() == ToolName.APPLY_EDITS && r.getRequestId().toString().contains("/s1/"))
        .map(r -> r.getCommit().toString()).findFirst().orElseThrow();

    // the pushed branch holds s1's commit (made before the loss) and both steps' changes
    String branch = "agentline/" + taskId + "-calculator-add-subtracts-instead-of";
    Path checkout = dir.resolve("verify");
    try (Git git = Git.cloneRepository().setURI(origin.toUri().toString()).setDirectory(checkout.toFile()).call()) {
      assertThat(git.branchList().setListMode(org.eclipse.jgit.api.ListBranchCommand.ListMode.REMOTE).call())
          .extracting(org.eclipse.jgit.lib.Ref::getName).contains("refs/remotes/origin/" + branch);
      git.checkout().setCreateBranch(true).setName(branch).setStartPoint("origin/" + branch).call();
      List<String> history = StreamSupport.stream(git.log().call().spliterator(), false).map(RevCommit::getId).map(ObjectId::getName).toList();
      assertThat(history).contains(s1Commit);
      assertThat(history.get(0)).isNotEqualTo(s1Commit);
    }
    assertThat(Files.readString(checkout.resolve("src/main/java/demo/Calculator.java"))).contains("return a + b;");
    assertThat(Files.readString(checkout.resolve("src/test/java/demo/CalculatorTest.java"))).contains("add(-2, -3)");
    NothingLost.assertNothingLost(system, List.of(taskId), Duration.ofMinutes(1));
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
    }
    assertThat(root).doesNotExist();
  }
}
