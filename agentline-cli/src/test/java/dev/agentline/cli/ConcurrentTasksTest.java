package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.AvroCodec;
import dev.agentline.platform.Topics;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskEventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fifty tasks submitted at once, each against its own copy of the demo repository, on one embedded system
 * (six partitions, six tool-runner threads, four share consumers per worker role, the demo cassette as every
 * model). Each ends DONE with its own branch pushed to its own origin, holding the fix. Measured on two cores:
 * about 77 s; with one consumer per role about 208 s, because each worker consumer takes about a second per
 * step even when the answer is replayed (200 manager steps in a row).
 *
 * <p>The test command is a cheap check of the fix ({@code grep}) instead of the demo's {@code run-tests.sh},
 * which compiles and runs Java twice per run: 150 of those would measure javac on two cores, not the system.
 */
class ConcurrentTasksTest {
  static final int TASKS = 50;
  static final String TEST_COMMAND = "grep -q 'return a + b;' src/main/java/demo/Calculator.java";
  @TempDir static Path dir;
  static EmbeddedSystem system;

  @BeforeAll
  static void start() throws Exception {
    Path cassette = SampleRepository.copyResource("demo/cassette.yaml", dir);
    system = EmbeddedSystem.start(new EmbeddedSystem.Settings(dir.resolve("system"), cassette, 6, 0, 0, false,
        Map.of("tool-runner", List.of("--agentline.tool-runner.concurrency=6"), "worker", List.of("--agentline.worker.consumers-per-role=4"))), m -> {});
  }

  @AfterAll
  static void stop() {
    if (system != null) system.close();
  }

  @Test
  void fiftyTasksSubmittedAtOnceAllEndDoneEachWithItsOwnPushedBranch() throws Exception {
    TicketFile ticket = TicketFile.read(SampleRepository.copyResource("demo/ticket.yaml", dir));
    List<Path> origins = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) origins.add(SampleRepository.create(Files.createDirectories(dir.resolve("repo-" + i))));
    TaskClient client = new TaskClient(system.plannerUrl());

    long started = System.nanoTime();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(TASKS);
    List<Future<String>> submitted = new ArrayList<>();
    try {
      for (Path origin : origins) {
        submitted.add(pool.submit(() -> {
          go.await();
          return client.submit(origin.toUri().toString(), ticket, TEST_COMMAND);
        }));
      }
      go.countDown();
      List<String> taskIds = new ArrayList<>();
      for (Future<String> future : submitted) taskIds.add(future.get());
      assertThat(new HashSet<>(taskIds)).as("task ids").hasSize(TASKS);

      Map<String, TaskEvent> ends = TopicContents.awaitEnd(system.bootstrapServers(), taskIds, Duration.ofMinutes(4));
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(Locale.ROOT, "%d concurrent tasks ended in %.1f s%n", TASKS, seconds);
      assertThat(ends.values()).extracting(e -> e.getStatus().name() + (e.getStatus().name().equals("DONE") ? "" : ": " + e.getMessage()))
          .containsOnly("DONE");

      // one pull request per task, each on the task's own branch of its own origin, holding the fix
      List<TaskEvent> prs = TopicContents.read(system.bootstrapServers(), Topics.TASK_EVENTS, true).stream()
          .filter(r -> taskIds.contains(r.key())).map(r -> AvroCodec.get().decode(r.value(), TaskEvent.class))
          .filter(e -> e.getType() == TaskEventType.PR_OPENED).toList();
      assertThat(TopicContents.countBy(prs, e -> e.getMeta().getTaskId().toString())).hasSize(TASKS).allSatisfy((task, count) -> assertThat(count).isOne());
      List<String> branches = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        try (Git origin = Git.open(origins.get(i).toFile())) {
          List<String> heads = origin.branchList().call().stream().map(Ref::getName).filter(name -> !name.equals("refs/heads/main")).toList();
          assertThat(heads).as("task branches on origin " + i).containsExactly("refs/heads/agentline/" + taskIds.get(i) + "-calculator-add-subtracts-instead-of");
          assertThat(read(origin.getRepository(), heads.get(0), "src/main/java/demo/Calculator.java")).contains("return a + b;");
          assertThat(read(origin.getRepository(), heads.get(0), "src/test/java/demo/CalculatorTest.java")).contains("add(-2, -3)");
          branches.addAll(heads);
        }
      }
      assertThat(new HashSet<>(branches)).hasSize(TASKS);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String read(Repository repository, String ref, String path) throws Exception {
    ObjectId head = repository.resolve(ref);
    try (RevWalk walk = new RevWalk(repository); TreeWalk tree = TreeWalk.forPath(repository, path, walk.parseCommit(head).getTree())) {
      assertThat(tree).as(path + " at " + ref).isNotNull();
      return new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
    }
  }
}
