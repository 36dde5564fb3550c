package dev.agentline.audit.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentline.schemas.CommandType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The console's plain core: plan diffs, command validation, task assembly from records. */
class ConsoleCoreTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void planDiffNamesAddedRemovedAndChangedSteps() {
    JsonNode before = JSON.readTree("""
        {"goal": "fix add", "steps": [{"id": "s1", "type": "CODE_EDIT", "description": "fix", "files": ["A.java"]},
                                      {"id": "s2", "type": "TEST_WRITE", "description": "test"}]}""");
    JsonNode after = JSON.readTree("""
        {"goal": "fix add", "steps": [{"id": "s1", "type": "CODE_EDIT", "description": "fix it properly", "files": ["A.java", "B.java"]},
                                      {"id": "s3", "type": "TEST_WRITE", "description": "a better test"}]}""");

    assertThat(PlanDiff.between(before, after)).containsExactly(
        "- s2 (TEST_WRITE): test",
        "~ s1 description: fix → fix it properly",
        "~ s1 files: [A.java] → [A.java, B.java]",
        "+ s3 (TEST_WRITE): a better test");
    assertThat(PlanDiff.between(null, after)).isEmpty();
  }

  @Test
  void aCommandNeedsAGateTypeAndAnActor() {
    ConsoleCommand command = ConsoleCommand.parse("t1", "approve-plan", " sam ", "  ", null);
    assertThat(command.type()).isEqualTo(CommandType.APPROVE_PLAN);
    assertThat(command.actor()).isEqualTo("sam");
    assertThat(command.reason()).isNull();
    assertThat(command.toRecord().getMeta().getTaskId()).isEqualTo("t1");
    assertThat(ConsoleCommand.parse("t1", "REJECT_STEP", "sam", "no", "s2").stepId()).isEqualTo("s2");

    assertThatThrownBy(() -> ConsoleCommand.parse("t1", "approve-plan", null, null, null))
        .isInstanceOfSatisfying(ConsoleRequestException.class, e -> assertThat(e.name()).isEqualTo("actor"));
    assertThatThrownBy(() -> ConsoleCommand.parse("t1", "aprove", "sam", null, null))
        .isInstanceOfSatisfying(ConsoleRequestException.class, e -> assertThat(e.name()).isEqualTo("type"));
    assertThatThrownBy(() -> ConsoleCommand.parse("t1", "cancel", "sam", null, null))
        .isInstanceOfSatisfying(ConsoleRequestException.class, e -> assertThat(e.name()).isEqualTo("type"));
  }

  @Test
  void theStatusIsTheLatestEventsByOffsetAndAStepGateIsNamed() {
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    List<ConsoleRecord> records = new ArrayList<>();
    records.add(record("TaskSubmitted", 0, t, "{\"title\": \"Fix\", \"repository\": \"r\", \"requester\": \"rita\", \"meta\": {\"occurredAt\": \"" + t + "\"}}"));
    // same time, written in this order: the offsets decide
    records.add(record("TaskEvent", 7, t.plusSeconds(5), "{\"type\": \"APPROVAL_REQUESTED\", \"status\": \"AWAITING_APPROVAL\", \"stepId\": \"s2\", \"message\": \"m\"}"));
    records.add(record("TaskEvent", 6, t.plusSeconds(5), "{\"type\": \"STATE_CHANGED\", \"status\": \"EXECUTING\", \"message\": \"m\"}"));

    TaskDetail task = TaskAssembler.assemble("t1", records).orElseThrow();

    assertThat(task.status()).isEqualTo("AWAITING_APPROVAL");
    assertThat(task.awaiting()).isEqualTo("s2");
    assertThat(task.requester()).isEqualTo("rita");
    assertThat(TaskAssembler.assemble("repo@abc", List.of(record("AnalysisCached", 0, t, "{}")))).isEmpty();
    assertThat(TaskAssembler.stepOf("t1", "t1/s2/3/apply")).isEqualTo("s2");
    assertThat(TaskAssembler.stepOf("t1", "t1/plan/1")).isEqualTo("plan");
    assertThat(TaskAssembler.stepOf("t1", "other")).isNull();
  }

  @Test
  void takeoverAndHandbackAreCommandsWhoseNoteIsTheReasonWithoutAStep() {
    ConsoleCommand takeover = ConsoleCommand.parse("t1", "takeover", "sam", null, "s1");
    assertThat(takeover.type()).isEqualTo(CommandType.TAKEOVER);
    assertThat(takeover.ownership()).isTrue();
    assertThat(takeover.stepId()).isNull();
    ConsoleCommand handback = ConsoleCommand.parse("t1", "handback", "sam", " fixed the null case; tests left ", null);
    assertThat(handback.toRecord().getType()).isEqualTo(CommandType.HANDBACK);
    assertThat(handback.toRecord().getReason()).isEqualTo("fixed the null case; tests left");
    assertThat(ConsoleCommand.parse("t1", "approve-plan", "sam", null, null).ownership()).isFalse();
  }

  @Test
  void aTaskAfterItsPullRequestShowsItsIterationWhoTookItOverAndThePullRequestsActivityOnce() {
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    List<ConsoleRecord> records = new ArrayList<>();
    records.add(record("TaskSubmitted", 0, t, "{\"title\": \"Fix\", \"requester\": \"rita\", \"meta\": {\"occurredAt\": \"" + t + "\"}}"));
    records.add(record("TaskEvent", 1, t.plusSeconds(60), "{\"type\": \"PR_OPENED\", \"status\": \"PR_OPENED\", \"message\": \"m\"}"));
    String comment = "{\"type\": \"REVIEW_COMMENT\", \"itemKey\": \"github:review-comment:9\", \"actor\": \"vera\", "
        + "\"body\": \"please also handle null input\", \"path\": \"A.java\", \"line\": 4, \"happenedAt\": \"" + t.plusSeconds(100)
        + "\", \"via\": \"%s\"}";
    records.add(record("PullRequestEvent", 0, t.plusSeconds(101), comment.formatted("webhook")));
    records.add(record("PullRequestEvent", 1, t.plusSeconds(160), comment.formatted("poll")));
    records.add(record("TaskEvent", 2, t.plusSeconds(102), "{\"type\": \"PR_ACTIVITY\", \"status\": \"PR_OPENED\", \"message\": \"m\", "
        + "\"prItemKey\": \"github:review-comment:9\"}"));
    records.add(record("TaskEvent", 3, t.plusSeconds(103), "{\"type\": \"ITERATION_STARTED\", \"status\": \"EXECUTING\", \"message\": \"m\", \"iteration\": 2}"));

    TaskDetail working = TaskAssembler.assemble("t1", records).orElseThrow();
    assertThat(working.iteration()).isEqualTo(2);
    assertThat(working.takeover()).isEqualTo("possible");
    assertThat(working.events()).extracting(TaskDetail.Event::iteration).containsExactly(1, 1, 2);
    assertThat(working.events().get(1).prItemKey()).isEqualTo("github:review-comment:9");
    assertThat(working.prEvents()).singleElement().satisfies(e -> {
      assertThat(e.at()).isEqualTo(t.plusSeconds(100));
      assertThat(e.line()).isEqualTo(4);
      assertThat(e.via()).isEqualTo("webhook");
    });

    records.add(record("TaskEvent", 4, t.plusSeconds(200), "{\"type\": \"TAKEN_OVER\", \"status\": \"TAKEN_OVER\", \"message\": \"m\", "
        + "\"actor\": \"sam\", \"iteration\": 2}"));
    TaskDetail taken = TaskAssembler.assemble("t1", records).orElseThrow();
    assertThat(taken.takeover()).isEqualTo("taken");
    assertThat(taken.takenOverBy()).isEqualTo("sam");

    records.add(record("TaskEvent", 5, t.plusSeconds(300), "{\"type\": \"PR_MERGED\", \"status\": \"MERGED\", \"message\": \"m\", \"iteration\": 2}"));
    TaskDetail merged = TaskAssembler.assemble("t1", records).orElseThrow();
    assertThat(merged.takeover()).isNull();
    assertThat(merged.takenOverBy()).isNull();
  }

  private static ConsoleRecord record(String type, long offset, Instant at, String body) {
    return new ConsoleRecord("agentline.x", 0, offset, type, null, at, JSON.readTree(body));
  }
}
