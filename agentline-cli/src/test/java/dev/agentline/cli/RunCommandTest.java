package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code agentline run} against a repository given as a plain local path, with --json output. */
class RunCommandTest {
  @TempDir Path dir;

  @Test
  void aTicketAgainstALocalPathEndsWithThePullRequestBranchPushed() throws Exception {
    Path origin = SampleRepository.create(Files.createDirectories(dir.resolve("repo")));
    Path ticket = SampleRepository.copyResource("demo/ticket.yaml", dir);
    Path cassette = SampleRepository.copyResource("demo/cassette.yaml", dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RunCommand run = new RunCommand();
    run.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    int exit = new CommandLine(run).execute("--repo", origin.toString(), "--ticket", ticket.toString(), "--models", cassette.toString(),
        "--test-command", "sh run-tests.sh", "--workdir", dir.resolve("system").toString(), "--json");

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(out).isZero();
    JsonNode task = new ObjectMapper().readTree(out);
    assertThat(task.path("status").asText()).isEqualTo("DONE");
    String branch = task.path("branch").asText();
    try (Git git = Git.open(origin.toFile())) {
      assertThat(git.getRepository().findRef("refs/heads/" + branch)).as("branch pushed to the origin").isNotNull();
      assertThat(git.getRepository().resolve(branch).name()).isEqualTo(task.path("pullRequest").path("headCommit").asText());
    }
  }
}
