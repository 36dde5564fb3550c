package dev.agentline.planner.jira;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code agentline.jira}: the Jira Cloud connector, off unless {@code enabled}.
 *
 * @param enabled turns the webhook, the poller (when {@code poll-interval} is set) and the write-back on
 * @param baseUrl the site, e.g. {@code https://example.atlassian.net}
 * @param userEmail the account the API token belongs to
 * @param apiToken the API token (from {@code JIRA_API_TOKEN}); never logged
 * @param webhookSecret the shared secret of the webhook: Jira's {@code X-Hub-Signature} (HMAC-SHA256 of the body) or a
 *     {@code ?secret=} query parameter must match it; blank accepts unsigned webhooks
 * @param label only issues carrying this label become tasks
 * @param jql what the poller searches for (default: open issues with the label, oldest first)
 * @param pollInterval how often the poller searches; unset: no polling
 * @param consoleUrl the console page of a task, linked from comments; {@code {taskId}} is replaced
 * @param mapping how an issue's fields become a task spec
 * @param transitions transition names to apply on task events ({@code awaiting-approval}, {@code pr-opened}, {@code failed})
 * @param http retries and time-outs of calls to Jira
 * @param eventsGroupId the consumer group of the write-back on {@code agentline.task-events}
 */
@ConfigurationProperties("agentline.jira")
public record JiraProperties(
    @DefaultValue("false") boolean enabled,
    URI baseUrl,
    String userEmail,
    String apiToken,
    String webhookSecret,
    @DefaultValue("agentline") String label,
    String jql,
    Duration pollInterval,
    @DefaultValue("http://localhost:8084/console/#/tasks/{taskId}") String consoleUrl,
    @DefaultValue Mapping mapping,
    Map<String, String> transitions,
    @DefaultValue Http http,
    @DefaultValue("agentline-jira-writeback") String eventsGroupId) {

  public JiraProperties {
    if (consoleUrl == null || !consoleUrl.contains("{taskId}")) {
      throw new IllegalArgumentException("agentline.jira.console-url must contain {taskId}, was " + consoleUrl);
    }
    if (enabled && baseUrl == null) throw new IllegalArgumentException("agentline.jira.base-url must be set when agentline.jira.enabled=true");
    if (enabled && (label == null || label.isBlank())) throw new IllegalArgumentException("agentline.jira.label must not be blank");
    if (pollInterval != null && (pollInterval.isNegative() || pollInterval.isZero())) {
      throw new IllegalArgumentException("agentline.jira.poll-interval must be positive, was " + pollInterval);
    }
    if (jql == null || jql.isBlank()) jql = "labels = \"" + label + "\" AND statusCategory != Done ORDER BY created ASC";
    transitions = transitions == null ? Map.of() : Map.copyOf(transitions);
    for (String event : transitions.keySet()) {
      if (!WriteBack.EVENTS.contains(event)) {
        throw new IllegalArgumentException("agentline.jira.transitions." + event + " is not one of " + WriteBack.EVENTS);
      }
    }
  }

  /** The console link of a task. */
  public String consoleLink(String taskId) {
    return consoleUrl.replace("{taskId}", taskId);
  }

  /** The token stays out of logs and error messages. */
  @Override
  public String toString() {
    return "JiraProperties[enabled=" + enabled + ", baseUrl=" + baseUrl + ", userEmail=" + userEmail + ", apiToken=" + (apiToken == null ? "unset" : "***")
        + ", webhookSecret=" + (webhookSecret == null || webhookSecret.isBlank() ? "unset" : "***") + ", label=" + label + ", jql=" + jql
        + ", pollInterval=" + pollInterval + ", mapping=" + mapping + ", transitions=" + transitions + "]";
  }

  /**
   * {@code agentline.jira.mapping}: which Jira field feeds each task spec field, constant defaults, and the repository of a
   * project or component.
   *
   * @param fields task spec field → Jira field ({@code summary}, {@code description}, {@code labels}, {@code customfield_10050},
   *     ...); spec fields: title, description, acceptanceCriteria, labels, testCommand, repository, baseBranch, lintCommand,
   *     goal, constraints, interfaces, workType, requester
   * @param defaults task spec field → a constant used when the field's Jira value is empty (e.g. {@code testCommand})
   * @param repositories Jira project key or component name → repository (URL or path); a component wins over the project
   * @param workTypes Jira issue type name → work type (e.g. {@code Bug: bugfix})
   * @param users a Jira user's account id, e-mail or display name → the name the same person signs in to agentline with,
   *     for the {@code requester} (so the reporter cannot approve their own plan under their agentline name); a user not
   *     listed is named by their e-mail, or their display name when Jira hides the e-mail. Keys compare ignoring case and
   *     surrounding space, as agentline compares names ({@code Jane.Doe@Acme.com} is {@code jane.doe@acme.com}): two keys
   *     that differ only so are refused
   */
  public record Mapping(Map<String, String> fields, Map<String, String> defaults, Map<String, String> repositories, Map<String, String> workTypes,
      Map<String, String> users) {
    static final List<String> SPEC_FIELDS = List.of("title", "description", "acceptanceCriteria", "labels", "testCommand", "repository",
        "baseBranch", "lintCommand", "goal", "constraints", "interfaces", "workType", "requester");

    public Mapping {
      Map<String, String> merged = new LinkedHashMap<>(Map.of("title", "summary", "description", "description", "labels", "labels"));
      if (fields != null) merged.putAll(fields);
      fields = Map.copyOf(merged);
      defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
      repositories = repositories == null ? Map.of() : Map.copyOf(repositories);
      workTypes = workTypes == null ? Map.of() : Map.copyOf(workTypes);
      users = users == null ? Map.of() : byUserKey(users);
      for (String target : fields.keySet()) {
        if (!SPEC_FIELDS.contains(target)) throw new IllegalArgumentException("agentline.jira.mapping.fields." + target + " is not one of " + SPEC_FIELDS);
      }
      for (String target : defaults.keySet()) {
        if (!SPEC_FIELDS.contains(target)) throw new IllegalArgumentException("agentline.jira.mapping.defaults." + target + " is not one of " + SPEC_FIELDS);
      }
    }

    /** The agentline name {@code users} gives a Jira account id, e-mail or display name, or null. */
    public String user(String jiraName) {
      return jiraName == null ? null : users.get(userKey(jiraName));
    }

    private static Map<String, String> byUserKey(Map<String, String> users) {
      Map<String, String> byKey = new LinkedHashMap<>();
      Map<String, String> given = new LinkedHashMap<>();
      users.forEach((name, agentlineName) -> {
        String key = userKey(name);
        String other = given.putIfAbsent(key, name);
        if (other != null && !agentlineName.equals(byKey.get(key))) {
          throw new IllegalArgumentException("agentline.jira.mapping.users names '" + other + "' and '" + name
              + "' differently, but they are one key: Jira names compare ignoring case and surrounding space");
        }
        byKey.put(key, agentlineName);
      });
      return Map.copyOf(byKey);
    }

    private static String userKey(String jiraName) {
      return jiraName.strip().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * {@code agentline.jira.http}: calls to Jira.
   *
   * @param maxAttempts attempts of one call (429 and 5xx are retried)
   * @param initialBackoff the first wait when Jira sends no {@code Retry-After}; doubles per attempt
   * @param maxBackoff the longest wait, also the cap on a {@code Retry-After}
   * @param timeout the time-out of one call
   */
  public record Http(
      @DefaultValue("5") int maxAttempts,
      @DefaultValue("1s") Duration initialBackoff,
      @DefaultValue("60s") Duration maxBackoff,
      @DefaultValue("30s") Duration timeout) {
    public Http {
      if (maxAttempts < 1) throw new IllegalArgumentException("agentline.jira.http.max-attempts must be >= 1, was " + maxAttempts);
      if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("agentline.jira.http.max-backoff must be >= initial-backoff >= 0");
      }
    }
  }
}
