package dev.agentline.toolrunner.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.schemas.CiConclusion;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.toolrunner.pr.CodeHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Completes what a payload leaves out: the pull request (its body carries the task marker, its branch must be an
 * agentline one) and, for a failed CI run, the end of the failing job's log. A code host that cannot be reached is a
 * {@link CodeHostException}; a log that cannot be read is a note in the excerpt.
 */
final class PullRequestLookup {
  private final Map<CodeHostKind, CodeHostApi> apis;
  private final LogExcerpt excerpt;

  PullRequestLookup(Map<CodeHostKind, CodeHostApi> apis, LogExcerpt excerpt) {
    this.apis = Map.copyOf(apis);
    this.excerpt = excerpt;
  }

  /** An agentline pull request and its task id. */
  record Found(PrRef pr, String taskId) {}

  /** The agentline pull requests {@code ref} names (a commit can be on several), or why there is none. */
  Result find(CodeHostKind host, PrRef ref) {
    Optional<String> notOurs = ref.notOurs();
    if (notOurs.isPresent()) return Result.none(notOurs.get());
    List<PrRef> candidates = ref.complete() ? List.of(ref) : fetch(host, ref);
    List<Found> found = new ArrayList<>();
    String reason = ref.repository() + ": no agentline pull request for commit " + ref.commit();
    for (PrRef pr : candidates) {
      Optional<String> why = pr.notOurs();
      if (why.isPresent()) reason = why.get();
      else found.add(new Found(pr, pr.taskId().orElseThrow()));
    }
    return found.isEmpty() ? Result.none(reason) : new Result(found, null);
  }

  record Result(List<Found> found, String ignored) {
    static Result none(String reason) {
      return new Result(List.of(), reason);
    }
  }

  private List<PrRef> fetch(CodeHostKind host, PrRef ref) {
    CodeHostApi api = api(host);
    if (host == CodeHostKind.GITHUB) {
      String repo = "/repos/" + ref.repository();
      if (ref.number() != null) return List.of(GitHubPayloads.pr(ref.repository(), api.get(repo + "/pulls/" + ref.number())));
      List<PrRef> prs = new ArrayList<>();
      for (JsonNode pr : api.get(repo + "/commits/" + ref.commit() + "/pulls")) prs.add(GitHubPayloads.pr(ref.repository(), pr));
      return prs;
    }
    String project = ref.projectId() == null ? ref.repository() : ref.projectId();
    JsonNode mr = api.get(CodeHostApi.project(project) + "/merge_requests/" + ref.number());
    PrRef fetched = GitLabPayloads.mr(ref.repository(), ref.projectId(), mr);
    return List.of(fetched);
  }

  private CodeHostApi api(CodeHostKind host) {
    CodeHostApi api = apis.get(host);
    if (api == null) throw new CodeHostException("no " + host + " API configured");
    return api;
  }

  /** The end of the failing job's log, for a CI run that failed or timed out; null otherwise or when there is nothing to say. */
  String logExcerpt(CodeHostKind host, PrRef pr, CiConclusion conclusion, LogSource source) {
    if (source == null || conclusion != CiConclusion.FAILURE && conclusion != CiConclusion.TIMED_OUT) {
      return null;
    }
    if (source instanceof LogSource.GitHubJob job) return gitHubJob(pr, job);
    if (source instanceof LogSource.GitLabJobs jobs) return gitLabJobs(jobs);
    return excerpt.cut(((LogSource.Text) source).text());
  }

  private String gitHubJob(PrRef pr, LogSource.GitHubJob job) {
    String note = "";
    if (job.jobId() != null) {
      try {
        String log = api(CodeHostKind.GITHUB).text("/repos/" + pr.repository() + "/actions/jobs/" + job.jobId() + "/logs");
        if (!log.isBlank()) return excerpt.cut(log);
        note = "(the job's log is empty)";
      } catch (CodeHostException e) {
        note = "(the job's log could not be read: " + e.getMessage() + ")";
      }
    }
    String out = job.fallback() == null || job.fallback().isBlank() ? "" : excerpt.cut(job.fallback());
    String text = (note + "\n" + out).strip();
    return text.isEmpty() ? null : text;
  }

  private String gitLabJobs(LogSource.GitLabJobs jobs) {
    if (jobs.jobs().isEmpty()) return null;
    StringBuilder out = new StringBuilder();
    for (LogSource.Job job : jobs.jobs()) {
      if (!out.isEmpty()) out.append("\n");
      out.append("== job ").append(job.name()).append(" (").append(job.id()).append(") ==\n");
      try {
        out.append(excerpt.cut(api(CodeHostKind.GITLAB).text(CodeHostApi.project(jobs.projectId()) + "/jobs/" + job.id() + "/trace")));
      } catch (CodeHostException e) {
        out.append("(the job's log could not be read: ").append(e.getMessage()).append(")");
      }
    }
    return out.toString();
  }
}
