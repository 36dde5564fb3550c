package dev.agentline.audit.ingest;

import dev.agentline.schemas.AccessRefused;
import dev.agentline.schemas.ModelCall;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.schemas.StepRequest;
import dev.agentline.schemas.StepResult;
import dev.agentline.schemas.TaskCommand;
import dev.agentline.schemas.TaskEvent;
import dev.agentline.schemas.TaskState;
import dev.agentline.schemas.TaskSubmitted;
import dev.agentline.schemas.TestRun;
import dev.agentline.schemas.ToolRequest;
import dev.agentline.schemas.ToolResult;
import dev.agentline.schemas.Usage;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecordBase;

/** The event type and summary line of each agentline record type. */
final class Summaries {
  private Summaries() {}

  static Summary of(SpecificRecordBase record) {
    if (record instanceof TaskEvent e) {
      return new Summary(e.getType().name(), e.getMessage());
    }
    if (record instanceof ModelCall c) {
      return new Summary(c.getKind().name(), c.getRole() + "/" + c.getKind() + " " + c.getProvider() + "/" + c.getModel()
          + ", " + tokens(c.getUsage()) + ", " + c.getLatencyMs() + " ms" + outcome(c.getOk(), c.getError()));
    }
    if (record instanceof ToolResult r) {
      String tests = r.getTests() == null ? "" : ", " + tests(r.getTests());
      return new Summary(r.getTool().name(), r.getTool() + (r.getOk() ? " ok" : " error: " + orUnknown(r.getError()))
          + tests + " (" + r.getDurationMs() + " ms)");
    }
    if (record instanceof StepResult r) {
      return new Summary(r.getKind().name(), r.getRole() + " " + r.getKind() + " step " + r.getStepId() + " attempt "
          + r.getAttempt() + (r.getOk() ? " ok" : " error: " + orUnknown(r.getError())) + ", " + tokens(r.getUsage()));
    }
    if (record instanceof StepRequest r) {
      return new Summary(r.getKind().name(), r.getRole() + " " + r.getKind() + " step " + r.getStepId() + " attempt "
          + r.getAttempt() + " requested" + (r.getFeedback() == null ? "" : " with feedback: " + r.getFeedback()));
    }
    if (record instanceof ToolRequest r) {
      String detail = r.getCommand() != null ? ": " + r.getCommand()
          : r.getQuery() != null ? ": " + r.getQuery()
          : !r.getPaths().isEmpty() ? ": " + String.join(", ", r.getPaths())
          : !r.getEdits().isEmpty() ? ": " + r.getEdits().size() + " edit(s)"
          : "";
      return new Summary(r.getTool().name(), r.getTool() + " requested on " + r.getBranch() + detail);
    }
    if (record instanceof TaskSubmitted s) {
      return new Summary(null, "submitted \"" + s.getTitle() + "\" for " + s.getRepository() + " (" + s.getBaseBranch()
          + ") via " + s.getSource());
    }
    if (record instanceof TaskCommand c) {
      return new Summary(c.getType().name(), c.getType() + " by " + c.getActor()
          + (c.getStepId() == null ? "" : " for step " + c.getStepId()) + (c.getReason() == null ? "" : ": " + c.getReason()));
    }
    if (record instanceof PullRequestEvent p) {
      return new Summary(p.getType().name(), prEvent(p));
    }
    if (record instanceof TaskState s) {
      return new Summary(s.getStatus().name(), "state " + s.getStatus()
          + (s.getCurrentStepId() == null ? "" : " at " + s.getCurrentStepId())
          + (s.getFailureReason() == null ? "" : ": " + s.getFailureReason()));
    }
    if (record instanceof AccessRefused r) {
      String request = r.getMethod() + " " + r.getPath();
      return new Summary(r.getMissing(), "refused " + r.getCaller() + ": " + r.getAction()
          + (r.getAction().equals(request) ? "" : " (" + request + ")") + ": " + r.getDetail());
    }
    return new Summary(null, record.getSchema().getName());
  }

  private static String prEvent(PullRequestEvent p) {
    String what = switch (p.getType()) {
      case REVIEW_SUBMITTED -> "review " + (p.getReviewState() == null ? "submitted" : p.getReviewState().name().toLowerCase(Locale.ROOT));
      case REVIEW_COMMENT -> "review comment" + (p.getPath() == null ? "" : " on " + p.getPath() + (p.getLine() == null ? "" : ":" + p.getLine()));
      case COMMENT -> "comment";
      case CI_COMPLETED -> "CI " + (p.getCiName() == null ? "run" : p.getCiName()) + " "
          + (p.getCiConclusion() == null ? "completed" : p.getCiConclusion().name().toLowerCase(Locale.ROOT));
      case PUSHED -> "pushed" + (p.getHeadCommit() == null ? "" : " " + p.getHeadCommit());
      case MERGED -> "merged";
      case CLOSED -> "closed";
      case REOPENED -> "reopened";
    };
    String text = p.getBody() == null || p.getBody().isBlank() ? "" : ": " + oneLine(p.getBody());
    return p.getRepository() + "#" + p.getNumber() + " " + what + " by " + p.getActor() + text + " (" + p.getVia() + ")";
  }

  private static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > 160 ? line.substring(0, 159) + "…" : line;
  }

  static Summary deadLetter(String originalTopic, String consumer, String reason) {
    return new Summary(null, "dead letter from " + originalTopic + (consumer == null ? "" : " (" + consumer + ")") + ": " + reason);
  }

  static Summary undecodable(String reason) {
    return new Summary(null, "undecodable: " + reason);
  }

  private static String tokens(Usage usage) {
    if (usage == null) return "no usage";
    return usage.getInputTokens() + "+" + usage.getOutputTokens() + " tokens, $" + String.format(Locale.ROOT, "%.4f", usage.getCostUsd());
  }

  private static String tests(TestRun run) {
    return "tests " + (run.getPassed() ? "passed" : run.getTimedOut() ? "timed out" : "failed (exit " + run.getExitCode() + ")")
        + (run.getSummary().isBlank() ? "" : ": " + run.getSummary());
  }

  private static String outcome(boolean ok, String error) {
    return ok ? ", ok" : ", error: " + orUnknown(error);
  }

  private static String orUnknown(String error) {
    return error == null || error.isBlank() ? "(no reason given)" : error;
  }
}
