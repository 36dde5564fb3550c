package dev.agentline.cli;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.Role;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker dies in the middle of a model call: the step it holds comes back to its share group when the
 * broker's record lock expires, and the other worker answers it.
 *
 * <p>Two worker contexts run; the code-edit role of each calls a fake OpenAI-compatible server under a path of
 * its own ({@code /worker/v1}, {@code /worker-2/v1}), so the server knows which worker asked. The first code-edit
 * call never answers in time (a 60 s delay); the worker that made it is stopped while it waits. Its listener
 * thread is still stuck in that call, so its share consumer neither acknowledges nor releases the record: only
 * the lock's expiry (2 s here, the broker's minimum is 1 s) gives it back, as after a real crash. What is
 * simulated: a worker that holds a step and never answers (from the broker's side, a dead worker and a hung one
 * look the same while the lock runs). What is not: its connection does not drop, so the broker is not told early.
 *
 * <p>One partition per topic here, on purpose: the share group's assignor gives each member partitions of its own
 * while there are at least as many partitions as members, and a record whose lock expires is redelivered only to
 * members assigned its partition. With two partitions and two workers, the step waited for the hung worker itself
 * (about 65 s) instead of going to the other one.
 */
class WorkerCrashTest {
  // long enough that a loaded machine's delay between the worker acquiring the record and its model request reaching
  // the fake server (seen: 1.3 s at load 16 on 2 cores) cannot pass for a lock expiry
  static final Duration LOCK = Duration.ofSeconds(6);
  static final int HANG_MS = 60_000;
  @TempDir static Path dir;
  static FakeModels models;
  static EmbeddedSystem system;
  static String secondWorker;

  @BeforeAll
  static void start() throws Exception {
    models = new FakeModels();
    String answer = FakeModels.answer("code-edit", "execute", "s1");
    models.openAiCompatible(FakeModels.CODE_EDIT, answer,
        stub -> stub.inScenario("first call hangs").whenScenarioStateIs(STARTED).willSetStateTo("hung")
            .willReturn(FakeModels.chatCompletion(answer).withFixedDelay(HANG_MS)));
    models.openAiCompatible(FakeModels.CODE_EDIT, answer, stub -> stub.inScenario("first call hangs").whenScenarioStateIs("hung"));
    SampleRepository.copyResource("demo/cassette.yaml", dir);
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), modelsFile("worker"), 1, 0, 0, false, Map.of(),
        Map.of("group.share.record.lock.duration.ms", String.valueOf(LOCK.toMillis()), "group.share.min.record.lock.duration.ms", "1000")),
        m -> {});
    secondWorker = system.startWorker(List.of("--agentline.models.config-file=" + modelsFile("worker-2")));
  }

  /** The demo cassette for every role but code-edit, which asks the fake server under {@code /<worker>/v1}. */
  private static Path modelsFile(String worker) throws Exception {
    return Files.writeString(dir.resolve(worker + "-models.yaml"), """
        defaults:
          provider: replay
          cassette: cassette.yaml
        roles:
          code-edit:
            provider: openai-compatible
            base-url: http://localhost:%d/%s/v1
            model: qwen2.5-coder
            timeout: 120s
        """.formatted(models.port(), worker));
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
    if (models != null) models.close();
  }

  @Test
  void aStepHeldByAWorkerThatDiesIsAnsweredOnceByAnotherWorkerAfterItsLockExpires() throws Exception {
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("repo")));
    TicketFile ticket = TicketFile.read(SampleRepository.copyResource("demo/ticket.yaml", dir));
    String taskId = new TaskClient(system.plannerUrl()).submit(origin.toUri().toString(), ticket, ticket.testCommand());

    Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
        .until(() -> !models.chatRequests(FakeModels.CODE_EDIT).isEmpty());
    LoggedRequest hung = models.chatRequests(FakeModels.CODE_EDIT).get(0);
    String holder = worker(hung);
    // closing a context waits for its listener threads, and this one is stuck in the call: let it hang there
    CompletableFuture<Void> killed = CompletableFuture.runAsync(() -> system.stopWorker(holder));

    TaskEvent end = TopicContents.awaitEnd(system.bootstrapServers(), List.of(taskId), Duration.ofMinutes(2)).get(taskId);
    assertThat(end.getStatus().name()).as(end.getMessage()).isEqualTo("DONE");

    List<LoggedRequest> calls = models.chatRequests(FakeModels.CODE_EDIT);
    assertThat(calls).as("code-edit calls").hasSize(2);
    assertThat(worker(calls.get(1))).as("the worker that answered").isNotEqualTo(holder).isIn("worker", secondWorker);
    Duration redelivered = Duration.between(hung.getLoggedDate().toInstant(), calls.get(1).getLoggedDate().toInstant());
    // not at once (a consumer that lets go releases its records at once), not after the hang: when the lock expired
    assertThat(redelivered).as("time until the step came back").isBetween(LOCK.dividedBy(2), Duration.ofMillis(HANG_MS / 2));
    assertThat(killed).as("the dead worker's context is still stuck in the call").isNotDone();

    String bootstrap = system.bootstrapServers();
    List<StepResult> codeEdits = TopicContents.values(bootstrap, List.of(Topics.STEP_RESULTS), true, taskId, StepResult.class).stream()
        .filter(r -> r.getRole() == Role.CODE_EDIT).toList();
    assertThat(codeEdits).as("code-edit answers").hasSize(1);
    assertThat(codeEdits.get(0).getOk()).isTrue();
    assertThat(TopicContents.values(bootstrap, List.of(Topics.MODEL_CALLS), true, taskId, ModelCall.class))
        .filteredOn(call -> call.getRole() == Role.CODE_EDIT).hasSize(1);
    NothingLost.assertNothingLost(system, List.of(taskId), Duration.ofMinutes(1));
  }

  /** Which worker made a call: the first part of its path. */
  private static String worker(LoggedRequest call) {
    return call.getUrl().split("/")[1];
  }
}
