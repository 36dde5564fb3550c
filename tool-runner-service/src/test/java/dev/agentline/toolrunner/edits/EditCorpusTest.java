package dev.agentline.toolrunner.edits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.platform.edits.EditAnswer;
import dev.agentline.platform.edits.EditAnswers;
import dev.agentline.toolrunner.TestRepos;
import dev.agentline.toolrunner.sandbox.ChangePolicy;
import dev.agentline.toolrunner.sandbox.ChangeRefusedException;
import dev.agentline.toolrunner.sandbox.PathRefusedException;
import dev.agentline.toolrunner.workspace.RepositoryLocation;
import dev.agentline.toolrunner.workspace.TaskRef;
import dev.agentline.toolrunner.workspace.Workspace;
import dev.agentline.toolrunner.workspace.Workspaces;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edit corpus: realistic model answers, good and malformed, in {@code src/test/resources/edits-corpus},
 * one directory per case: {@code before/} (the repository), {@code answer.md} (the model's whole answer),
 * and either {@code after/} (the whole repository afterwards, byte for byte) or {@code expect-error}
 * (lines the error must contain; the repository must then be as it was). Each answer is read by the
 * platform's {@link EditAnswers}, as the worker reads it, and applied by {@link EditApplier} to a real
 * git workspace, as APPLY_EDITS applies it. The last test prints and checks the success rate on the
 * cases expected to apply.
 */
class EditCorpusTest {
  static final double REQUIRED_RATE = 98.0;
  static final int MINIMUM_CASES = 50;

  @TempDir Path temp;

  record Outcome(String name, boolean applicable, boolean asExpected) {}

  @TestFactory
  Stream<DynamicTest> everyCaseEndsAsExpected() throws Exception {
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(corpus())) {
      cases = dirs.filter(Files::isDirectory).sorted().toList();
    }
    List<Outcome> outcomes = new ArrayList<>();
    Stream<DynamicTest> each = cases.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> run(dir, outcomes)));
    DynamicTest rate = DynamicTest.dynamicTest("success rate", () -> {
      long applicable = outcomes.stream().filter(Outcome::applicable).count();
      long applied = outcomes.stream().filter(o -> o.applicable() && o.asExpected()).count();
      double percent = applicable == 0 ? 0 : 100.0 * applied / applicable;
      System.out.printf("edit corpus: %d/%d applicable edits applied (%.1f %%); %d of %d cases as expected%n",
          applied, applicable, percent, outcomes.stream().filter(Outcome::asExpected).count(), outcomes.size());
      assertThat(outcomes).as("cases run").hasSize(cases.size()).hasSizeGreaterThanOrEqualTo(MINIMUM_CASES);
      assertThat(percent).as("success rate on the applicable cases, in %").isGreaterThanOrEqualTo(REQUIRED_RATE);
    });
    return Stream.concat(each, Stream.of(rate));
  }

  private void run(Path dir, List<Outcome> outcomes) throws Exception {
    String name = dir.getFileName().toString();
    Map<String, String> before = files(dir.resolve("before"));
    boolean applicable = Files.isDirectory(dir.resolve("after"));
    Path origin = TestRepos.origin(temp.resolve(name), before);
    String error = null;
    Map<String, String> result;
    TaskRef task = new TaskRef(name, RepositoryLocation.of(origin.toString()), "main", "agentline/" + name);
    try (Workspace workspace = new Workspaces(temp.resolve(name).resolve("workspaces")).open(task)) {
      EditAnswer answer = EditAnswers.read(Files.readString(dir.resolve("answer.md")));
      if (!answer.ok()) {
        error = answer.error();
      } else {
        try {
          new EditApplier(SecretPlaceholders.withRandomKey()).apply(workspace, answer.edits(), answer.unifiedDiff(), ChangePolicy.NONE);
        } catch (EditRejectedException | PathRefusedException | ChangeRefusedException e) {
          error = e.getMessage();
        }
      }
      result = files(workspace.dir());
    }

    boolean asExpected;
    if (applicable) {
      asExpected = error == null && result.equals(files(dir.resolve("after")));
      outcomes.add(new Outcome(name, true, asExpected));
      assertThat(error).as("error").isNull();
      assertThat(result).as("repository after the edits").isEqualTo(files(dir.resolve("after")));
    } else {
      List<String> expected = Files.readAllLines(dir.resolve("expect-error")).stream().filter(line -> !line.isBlank()).toList();
      String message = Objects.requireNonNullElse(error, "");
      asExpected = error != null && expected.stream().allMatch(message::contains) && result.equals(before);
      outcomes.add(new Outcome(name, false, asExpected));
      assertThat(error).as("error").isNotNull();
      for (String part : expected) assertThat(message).contains(part);
      assertThat(result).as("repository after a refused answer").isEqualTo(before);
    }
  }

  private static Path corpus() throws URISyntaxException {
    return Path.of(Objects.requireNonNull(EditCorpusTest.class.getResource("/edits-corpus"), "edits-corpus on the test class path").toURI());
  }

  /** Every file under {@code root} (outside .git) with its exact content. */
  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String path = root.relativize(file).toString().replace('\\', '/');
        if (path.startsWith(".git/")) continue;
        files.put(path, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
      }
    }
    return files;
  }
}
