package dev.agentline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code agentline watch} prints as a task moves, its progress bar, and its durations. */
class TaskProgressTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode task(String status, String awaiting, String s1, int a1, String s2, String extra) throws Exception {
    return JSON.readTree("""
        {"taskId": "t-1", "status": "%s", "title": "Fix add", "awaiting": %s,
         "plan": {"goal": "Make add add", "steps": [
           {"id": "s1", "type": "CODE_EDIT", "description": "Fix add", "status": "%s", "attempts": %d, "commit": "0123456789abcdef",
            "tests": null, "lastError": null},
           {"id": "s2", "type": "TEST_WRITE", "description": "Test negatives", "status": "%s", "attempts": 0, "commit": null,
            "tests": null, "lastError": null}]}%s}
        """.formatted(status, awaiting, s1, a1, s2, extra));
  }

  @Test
  void theFirstLookShowsTheTaskItsPlanAndTheGate() throws Exception {
    JsonNode waiting = task("AWAITING_APPROVAL", "{\"what\": \"plan\", \"expiresAt\": \"2030-01-01T13:00:00Z\"}", "PENDING", 0, "PENDING", "");

    assertThat(TaskProgress.changes(null, waiting)).containsExactly(
        "task t-1 AWAITING_APPROVAL: Fix add",
        "plan: Make add add (2 steps)",
        "   s1 code-edit: Fix add",
        "   s2 test-write: Test negatives",
        "awaiting approval of the plan (until 2030-01-01T13:00:00Z):",
        "   agentline approve t-1 --actor <approver>",
        "   agentline reject t-1 --actor <approver> --comment \"why\"");
    assertThat(TaskProgress.atGate(waiting)).isTrue();
    assertThat(TaskProgress.ended(waiting)).isFalse();
  }

  @Test
  void laterLooksShowOnlyWhatChanged() throws Exception {
    JsonNode running = task("EXECUTING", "null", "RUNNING", 1, "PENDING", "");
    JsonNode retried = task("EXECUTING", "null", "RUNNING", 2, "PENDING", "");
    JsonNode done = task("DONE", "null", "DONE", 2, "DONE",
        ", \"pullRequest\": {\"title\": \"Fix add\", \"url\": \"https://git.example.com/pr/1\"}");

    assertThat(TaskProgress.changes(running, running)).isEmpty();
    assertThat(TaskProgress.changes(running, retried)).containsExactly("   s1 RUNNING (attempt 2)");
    assertThat(TaskProgress.changes(retried, done)).containsExactly("-> DONE", "   s1 DONE (attempt 2, commit 0123456)", "   s2 DONE",
        "pull request: \"Fix add\" at https://git.example.com/pr/1");
    assertThat(TaskProgress.ended(done)).isTrue();
    assertThat(TaskProgress.exitCode(done)).isEqualTo(ExitCodes.OK);
  }

  @Test
  void aFailedTaskShowsItsReasonAndExitsOne() throws Exception {
    JsonNode running = task("EXECUTING", "null", "RUNNING", 3, "PENDING", "");
    JsonNode failed = task("FAILED", "null", "FAILED", 3, "PENDING", ", \"failureReason\": \"step s1 failed 3 times\\ndetails\", \"failureCode\": \"ATTEMPT_LIMIT\"");

    assertThat(TaskProgress.changes(running, failed)).containsExactly("-> FAILED", "   s1 FAILED (attempt 3)",
        "reason: step s1 failed 3 times (ATTEMPT_LIMIT)");
    assertThat(TaskProgress.exitCode(failed)).isEqualTo(ExitCodes.TASK_FAILED);
  }

  @Test
  void theBarCountsDoneStepsAndNamesTheRunningOne() throws Exception {
    assertThat(TaskProgress.bar(task("EXECUTING", "null", "DONE", 1, "RUNNING", ""), 10))
        .isEqualTo("[#####.....] 1/2 steps  EXECUTING  s2 running, attempt 1");
    assertThat(TaskProgress.bar(JSON.readTree("{\"status\": \"PLANNING\"}"), 4)).isEqualTo("[....] 0/0 steps  PLANNING");
  }

  @Test
  void onATerminalTheBarStaysOnTheLastLineAndIsErasedAtTheEnd() {
    StringWriter text = new StringWriter();
    WatchCommand.Display display = new WatchCommand.Display(new PrintWriter(text), true, System.nanoTime());

    display.show(List.of("-> EXECUTING"), "[..] 0/2");
    display.show(List.of(), "[#.] 1/2");
    display.end("task t-1 DONE");

    assertThat(text.toString()).matches("(?s)\r\u001b\\[2K\\[ +\\d+\\.\\ds] -> EXECUTING\\R\r\u001b\\[2K\\[\\.\\.] 0/2\r\u001b\\[2K\\[#\\.] 1/2\r\u001b\\[2Ktask t-1 DONE\\R");
  }

  @Test
  void inAPipeOnlyPlainLinesArePrinted() {
    StringWriter text = new StringWriter();
    WatchCommand.Display display = new WatchCommand.Display(new PrintWriter(text), false, System.nanoTime());

    display.show(List.of("-> EXECUTING"), "[..] 0/2");
    display.show(List.of(), "[#.] 1/2");
    display.end("task t-1 DONE");

    assertThat(text.toString()).doesNotContain("\r", "\u001b", "[#.]").contains("-> EXECUTING").endsWith("task t-1 DONE" + System.lineSeparator());
  }

  @Test
  void durationsMayBeShortOrIso() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("PT2H")).isEqualTo(Duration.ofHours(2));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.parse("soon"))
        .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("'soon' is not a duration");
  }
}
