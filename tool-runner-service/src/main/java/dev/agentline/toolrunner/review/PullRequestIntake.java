package dev.agentline.toolrunner.review;

import dev.agentline.platform.SeenIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentline.platform.Meta;
import dev.agentline.platform.redact.RecordStrings;
import dev.agentline.platform.redact.Redactor;
import dev.agentline.schemas.CodeHostKind;
import dev.agentline.schemas.PullRequestEvent;
import dev.agentline.toolrunner.pr.CodeHostException;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook delivery in, {@code PullRequestEvent}s out: checks the signature (GitHub) or token (GitLab) against the
 * secret in the environment variable configured for the host, drops a delivery id it has seen, maps the payload, finds
 * the task from the pull request's {@code <!-- agentline-task: id -->} marker (reading the pull request from the API
 * when the payload lacks it), adds a failed CI job's log excerpt, redacts secrets in every text ({@link Redactor}), and
 * writes every event before answering. Plain Java:
 * the controller and tests call {@link #receive} with the raw body.
 */
public final class PullRequestIntake {
  public static final String PRODUCER = "tool-runner";
  private static final Logger log = LoggerFactory.getLogger(PullRequestIntake.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Redactor REDACTOR = Redactor.standard();

  private final Map<CodeHostKind, String> secretEnvs;
  private final Function<String, String> env;
  private final PullRequestLookup lookup;
  private final PullRequestEventSink sink;
  private final Clock clock;
  private final SeenIds deliveries = new SeenIds(10_000);

  PullRequestIntake(Map<CodeHostKind, String> secretEnvs, Function<String, String> env, PullRequestLookup lookup,
      PullRequestEventSink sink, Clock clock) {
    this.secretEnvs = Map.copyOf(secretEnvs);
    this.env = env;
    this.lookup = lookup;
    this.sink = sink;
    this.clock = clock;
  }

  /** Handles one delivery: {@code headers} as received (names in any case), {@code body} the raw bytes that were signed. */
  public Outcome receive(CodeHostKind host, Map<String, String> headers, byte[] body) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> { if (k != null && v != null) h.put(k, v); });
    byte[] raw = body == null ? new byte[0] : body;
    String secretEnv = secretEnvs.get(host);
    String secret = env.apply(secretEnv);
    if (secret == null || secret.isBlank()) {
      return new Outcome.Unauthorized("the " + host.name().toLowerCase() + " webhook secret is not configured: set the environment variable "
          + secretEnv + " (agentline.code-hosts." + host.name().toLowerCase() + ".webhook-secret-env); unsigned deliveries are never accepted");
    }
    boolean github = host == CodeHostKind.GITHUB;
    boolean authentic = github ? Signatures.githubValid(secret, raw, h.get("X-Hub-Signature-256"))
        : Signatures.equal(secret, h.get("X-Gitlab-Token"));
    if (!authentic) {
      return new Outcome.Unauthorized(github ? "X-Hub-Signature-256 is missing or does not match the body signed with " + secretEnv
          : "X-Gitlab-Token is missing or does not match " + secretEnv);
    }
    String event = h.get(github ? "X-GitHub-Event" : "X-Gitlab-Event");
    String delivery = h.get(github ? "X-GitHub-Delivery" : "X-Gitlab-Event-UUID");
    if (event == null || event.isBlank()) return new Outcome.Invalid(github ? "X-GitHub-Event" : "X-Gitlab-Event", "the event header is missing");
    if (github && event.equals("ping")) return new Outcome.Pong();
    JsonNode payload;
    try {
      payload = JSON.readTree(raw);
    } catch (IOException e) {
      return new Outcome.Invalid("body", "the body is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (payload == null || !payload.isObject()) return new Outcome.Invalid("body", "the body is not a JSON object");
    Pending.Mapped mapped;
    try {
      mapped = github ? GitHubPayloads.map(event, payload, clock.instant()) : GitLabPayloads.map(event, payload, clock.instant());
    } catch (PayloadException e) {
      return new Outcome.Invalid(e.field, event + ": " + e.getMessage());
    }
    if (!deliveries.firstTime(delivery)) return new Outcome.Ignored("delivery " + delivery + " was handled already");
    if (mapped.ignored() != null) return new Outcome.Ignored(mapped.ignored());
    String deliveryId = delivery == null || delivery.isBlank() ? "unnamed:" + event : delivery;
    try {
      Emitted emitted = emit(host, mapped.events(), deliveryId, "webhook");
      if (emitted.eventIds().isEmpty()) return new Outcome.Ignored(emitted.ignored());
      return new Outcome.Accepted(emitted.eventIds());
    } catch (CodeHostException | IllegalStateException | PayloadException e) {
      // PayloadException here: the code host's API answered without a field we read
      deliveries.forget(delivery);
      log.warn("{} delivery {} ({}) not handled: {}", host, delivery, event, e.getMessage());
      return new Outcome.Unavailable("not handled, redeliver: " + e.getMessage());
    }
  }

  record Emitted(List<String> eventIds, String ignored) {}

  /**
   * Completes and writes the events (the webhook's and the poller's common path; {@code deliveryId} null: polled,
   * each event's delivery id is {@code "poll:" + itemKey}): our own replies and pull requests
   * that are not agentline's are left out. Throws {@link CodeHostException} when the API cannot be read and
   * {@link IllegalStateException} when an event cannot be written.
   */
  Emitted emit(CodeHostKind host, List<Pending> pending, String deliveryId, String via) {
    List<String> ids = new ArrayList<>();
    String ignored = null;
    for (Pending p : pending) {
      String body = p.event().getBody();
      if (body != null && body.contains(PrRef.REPLY_MARKER)) {
        ignored = "a reply agentline posted";
        continue;
      }
      PullRequestLookup.Result result = lookup.find(host, p.pr());
      if (result.found().isEmpty()) ignored = result.ignored();
      for (PullRequestLookup.Found found : result.found()) {
        PullRequestEvent event = complete(host, p, found, deliveryId, via);
        try {
          sink.send(found.taskId(), event);
        } catch (RuntimeException e) {
          throw new IllegalStateException("could not write " + event.getItemKey() + " for task " + found.taskId() + ": " + e.getMessage(), e);
        }
        ids.add(event.getMeta().getEventId());
      }
    }
    return new Emitted(ids, ignored);
  }

  private PullRequestEvent complete(CodeHostKind host, Pending p, PullRequestLookup.Found found, String deliveryId, String via) {
    PrRef pr = found.pr();
    PullRequestEvent.Builder b = PullRequestEvent.newBuilder(p.event())
        .setMeta(Meta.of(found.taskId(), null, PRODUCER, clock.instant()))
        .setDeliveryId(deliveryId == null ? "poll:" + p.event().getItemKey() : deliveryId)
        .setVia(via)
        .setRepository(pr.repository())
        .setNumber(pr.number())
        .setUrl(pr.url())
        .setBranch(pr.branch());
    if (b.getHeadCommit() == null && pr.commit() != null) b.setHeadCommit(pr.commit());
    if (b.getCiConclusion() != null && b.getLogExcerpt() == null) b.setLogExcerpt(lookup.logExcerpt(host, pr, b.getCiConclusion(), p.log()));
    PullRequestEvent event = b.build();
    // a token pasted into a comment or printed by a CI job goes no further: these texts become prompts
    RecordStrings.rewrite(event, REDACTOR::redact);
    return event;
  }
}
