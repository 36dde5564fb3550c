package dev.agentline.toolrunner.review;

import dev.agentline.platform.SeenIds;
import static dev.agentline.toolrunner.review.Json.textOr;
import static dev.agentline.toolrunner.review.Json.time;
import static dev.agentline.toolrunner.review.Json.timeOr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentline.schemas.CiConclusion;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.PullRequestEventType;
import dev.agentline.toolrunner.pr.CodeHostException;
import dev.agentline.toolrunner.pr.RemoteRepository;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling fallback for code hosts that cannot reach the webhooks: each {@link #tick} lists the agentline pull
 * requests of every configured repository updated since the last tick (the first looks back {@code lookback}) and emits
 * every review, comment, finished CI run and merge/close not emitted before (every list read page by page), with the item key a webhook would give,
 * {@code deliveryId = "poll:" + itemKey} and {@code via = "poll"}. Which items were emitted is remembered in memory: after
 * a restart the first tick emits the recent ones again, and the planner drops them by item key.
 */
public final class PullRequestPoller {
  private static final Logger log = LoggerFactory.getLogger(PullRequestPoller.class);
  private static final Duration OVERLAP = Duration.ofMinutes(1);

  private final List<String> repositories;
  private final Map<CodeHostKind, CodeHostApi> apis;
  private final PullRequestIntake intake;
  private final Clock clock;
  private final Duration lookback;
  private final Map<String, Instant> since = new HashMap<>();
  private final SeenIds emitted = new SeenIds(100_000);

  PullRequestPoller(List<String> repositories, Map<CodeHostKind, CodeHostApi> apis, PullRequestIntake intake, Clock clock, Duration lookback) {
    this.repositories = List.copyOf(repositories);
    this.apis = Map.copyOf(apis);
    this.intake = intake;
    this.clock = clock;
    this.lookback = lookback;
  }

  /** One round over the repositories; returns the number of events written. A repository that fails is logged and retried next tick. */
  public synchronized int tick() {
    int written = 0;
    for (String repository : repositories) {
      Instant started = clock.instant();
      try {
        written += poll(repository, since.getOrDefault(repository, started.minus(lookback)));
        since.put(repository, started.minus(OVERLAP));
      } catch (CodeHostException | IllegalStateException | PayloadException e) {
        log.warn("polling {} failed (tried again next tick): {}", repository, e.getMessage());
      }
    }
    return written;
  }

  private int poll(String url, Instant after) {
    RemoteRepository repo = RemoteRepository.parse(url).orElseThrow(() -> new IllegalStateException("not a hosted repository URL: " + url));
    for (CodeHostApi api : apis.values()) {
      if (!api.settings.host().equals(repo.host())) continue;
      return api.kind == CodeHostKind.GITHUB ? github(api, repo.path(), after) : gitlab(api, repo.path(), after);
    }
    throw new IllegalStateException(url + " is on " + repo.host() + ", which is neither agentline.code-hosts.github.host nor gitlab.host");
  }

  private int github(CodeHostApi api, String repository, Instant after) {
    Instant now = clock.instant();
    String base = "/repos/" + repository;
    int written = 0;
    String since = "?since=" + utc(after);
    for (JsonNode pull : api.list(base + "/pulls?state=all&sort=updated&direction=desc", null, pull -> !updatedBefore(pull, after))) {
      PrRef ref = GitHubPayloads.pr(repository, pull);
      if (ref.notOurs().isPresent()) continue;
      String n = String.valueOf(ref.number());
      List<Pending> items = new ArrayList<>();
      for (JsonNode review : api.list(base + "/pulls/" + n + "/reviews")) {
        Optional.ofNullable(GitHubPayloads.review(review, false, now)).ifPresent(e -> items.add(new Pending(e, ref)));
      }
      for (JsonNode comment : api.list(base + "/pulls/" + n + "/comments" + since)) items.add(new Pending(GitHubPayloads.reviewComment(comment, now), ref));
      for (JsonNode comment : api.list(base + "/issues/" + n + "/comments" + since)) items.add(new Pending(GitHubPayloads.issueComment(comment, now), ref));
      String head = textOr(pull, "head.sha", null);
      if (head != null) {
        for (JsonNode run : api.list(base + "/commits/" + head + "/check-runs", "check_runs", run -> true)) {
          if (textOr(run, "status", "").equals("completed") && textOr(run, "conclusion", null) != null) items.add(GitHubPayloads.checkRun(run, ref, now));
        }
      }
      if (textOr(pull, "state", "").equals("closed")) {
        // the list leaves out who merged: read the pull request itself for it
        JsonNode full = Json.at(pull, "merged_at") == null || Json.at(pull, "merged_by") != null ? pull : api.get(base + "/pulls/" + n);
        items.add(new Pending(GitHubPayloads.closed(full, ref.number(), null, now), ref));
      }
      written += emit(CodeHostKind.GITHUB, items);
    }
    return written;
  }

  private int gitlab(CodeHostApi api, String path, Instant after) {
    Instant now = clock.instant();
    String project = CodeHostApi.project(path);
    int written = 0;
    for (JsonNode mr : api.list(project + "/merge_requests?updated_after=" + utc(after) + "&order_by=updated_at&sort=desc")) {
      PrRef ref = GitLabPayloads.mr(path, null, mr);
      if (ref.notOurs().isPresent()) continue;
      String iid = String.valueOf(ref.number());
      List<Pending> items = new ArrayList<>();
      for (JsonNode discussion : api.list(project + "/merge_requests/" + iid + "/discussions")) {
        for (JsonNode note : discussion.path("notes")) {
          if (note.path("system").asBoolean(false)) continue;
          items.add(new Pending(GitLabPayloads.note(note, textOr(note, "body", ""), textOr(note, "author.username", null),
              textOr(discussion, "id", null), now), ref));
        }
      }
      for (JsonNode pipeline : api.list(project + "/merge_requests/" + iid + "/pipelines")) {
        CiConclusion conclusion = GitLabPayloads.conclusion(textOr(pipeline, "status", ""));
        if (conclusion == null) continue;
        List<LogSource.Job> failed = new ArrayList<>();
        if (conclusion == CiConclusion.FAILURE) {
          for (JsonNode job : api.list(project + "/pipelines/" + pipeline.path("id").asLong() + "/jobs?scope[]=failed")) {
            failed.add(new LogSource.Job(job.path("id").asLong(), job.path("name").asText("job")));
          }
        }
        items.add(new Pending(GitLabPayloads.pipelineEvent(pipeline, conclusion, textOr(pipeline, "web_url", null), null, now), ref,
            new LogSource.GitLabJobs(path, failed)));
      }
      String state = textOr(mr, "state", "");
      if (state.equals("merged")) {
        items.add(new Pending(Pending.event(CodeHostKind.GITLAB, PullRequestEventType.MERGED, "gitlab:mr:" + iid + ":merged",
            textOr(mr, "merged_by.username", null), timeOr(now, time(mr, "merged_at"))).setHeadCommit(ref.commit()), ref));
      } else if (state.equals("closed")) {
        items.add(new Pending(Pending.event(CodeHostKind.GITLAB, PullRequestEventType.CLOSED, "gitlab:mr:" + iid + ":closed",
            textOr(mr, "closed_by.username", null), timeOr(now, time(mr, "closed_at"))).setHeadCommit(ref.commit()), ref));
      }
      written += emit(CodeHostKind.GITLAB, items);
    }
    return written;
  }

  private static boolean updatedBefore(JsonNode item, Instant after) {
    Instant updated = time(item, "updated_at");
    return updated != null && updated.isBefore(after);
  }

  /** An instant as a query parameter: ISO 8601 in UTC, whole seconds. */
  private static String utc(Instant instant) {
    return URLEncoder.encode(instant.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
  }

  /** Writes the items not emitted before, one at a time, so a failure leaves the rest for the next tick. */
  private int emit(CodeHostKind host, List<Pending> items) {
    int written = 0;
    for (Pending item : items) {
      String key = item.event().getItemKey();
      if (emitted.seen(key)) continue;
      written += intake.emit(host, List.of(item), null, "poll").eventIds().size();
      emitted.firstTime(key);
    }
    return written;
  }
}
