package dev.agentline.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit service ({@code agentline.audit.*}); the defaults run the embedded demo.
 *
 * @param embeddedPostgres {@code auto} (embedded PostgreSQL unless {@code spring.datasource.url} is set), {@code true}, {@code false}
 * @param embeddedPort port of the embedded PostgreSQL, 0 for a free one
 * @param embeddedDataDir where the embedded PostgreSQL keeps its data; unset: a temporary directory removed on shutdown
 * @param groupId the consumer group that reads every topic
 * @param topicPattern regular expression of the topics to record; the default is {@link #DEFAULT_TOPIC_PATTERN}
 * @param searchPageSize hits returned when a search names no limit
 * @param maxSearchLimit largest limit a search may ask for
 * @param searchWindow how many of the newest matches a search ranks (and pages through); more are counted as "beyond the window"
 * @param retryInitialInterval first wait before retrying a record that could not be stored
 * @param retryMaxInterval longest wait between retries; retries never stop
 * @param batchSize most records stored in one transaction (the consumer's max.poll.records)
 * @param consumers consumer threads (each stores its own batches)
 * @param retention rows older than this are deleted; unset: kept forever
 * @param retentionInterval how often the retention job runs
 * @param searchIndexBatch most records the search indexer turns into search vectors in one transaction
 * @param searchIndexBusyBatch most records it indexes in its one batch a second while ingest works through a backlog
 * @param searchIndexIdle how long the indexer waits for new records when the queue is empty (ingest also wakes it)
 * @param nice the nice value (0 to 19) of the ingest consumers, the search indexer and the embedded PostgreSQL: a higher
 *     value yields the CPU to other work on the machine. 0 leaves them as they are; the embedded system, where every
 *     service shares the machine, sets 19 ({@link dev.agentline.platform.CpuPriority})
 */
@ConfigurationProperties("agentline.audit")
public record AuditProperties(
    @DefaultValue("auto") EmbeddedMode embeddedPostgres,
    @DefaultValue("0") int embeddedPort,
    Path embeddedDataDir,
    @DefaultValue("agentline-audit") String groupId,
    @DefaultValue(AuditProperties.DEFAULT_TOPIC_PATTERN) String topicPattern,
    @DefaultValue("50") int searchPageSize,
    @DefaultValue("500") int maxSearchLimit,
    @DefaultValue("1000") int searchWindow,
    @DefaultValue("500ms") Duration retryInitialInterval,
    @DefaultValue("30s") Duration retryMaxInterval,
    @DefaultValue("1000") int batchSize,
    @DefaultValue("1") int consumers,
    Duration retention,
    @DefaultValue("1h") Duration retentionInterval,
    @DefaultValue("500") int searchIndexBatch,
    @DefaultValue("100") int searchIndexBusyBatch,
    @DefaultValue("1s") Duration searchIndexIdle,
    @DefaultValue("0") int nice) {

  /**
   * Every agentline topic (dead-letter topics included) and the planner's task-state changelog
   * ({@code agentline.planner.application-id} {@code agentline-planner} + its store {@code task-state}), which
   * carries a TaskState each time the planner changes a task. No other Kafka Streams internal topic: the planner
   * has no repartition topics and its analysis cache is read from {@code agentline.analysis-cache} itself.
   */
  public static final String DEFAULT_TOPIC_PATTERN = "agentline\\..*|agentline-planner-task-state-changelog";

  /** Whether the service starts its own PostgreSQL. */
  public enum EmbeddedMode {
    AUTO, TRUE, FALSE;

    /** Embedded when asked for, or when no JDBC URL is configured. */
    public boolean embedded(String datasourceUrl) {
      return this == TRUE || (this == AUTO && (datasourceUrl == null || datasourceUrl.isBlank()));
    }
  }

  public AuditProperties {
    if (embeddedPort < 0 || embeddedPort > 65535) {
      throw new IllegalArgumentException("agentline.audit.embedded-port must be 0..65535, was " + embeddedPort);
    }
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("agentline.audit.group-id must not be blank");
    }
    try {
      Pattern.compile(topicPattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("agentline.audit.topic-pattern is not a regular expression: " + e.getDescription(), e);
    }
    if (maxSearchLimit < 1) {
      throw new IllegalArgumentException("agentline.audit.max-search-limit must be >= 1, was " + maxSearchLimit);
    }
    if (searchPageSize < 1 || searchPageSize > maxSearchLimit) {
      throw new IllegalArgumentException(
          "agentline.audit.search-page-size must be 1.." + maxSearchLimit + " (agentline.audit.max-search-limit), was " + searchPageSize);
    }
    if (searchWindow < maxSearchLimit) {
      throw new IllegalArgumentException(
          "agentline.audit.search-window must be >= " + maxSearchLimit + " (agentline.audit.max-search-limit), was " + searchWindow);
    }
    if (retryInitialInterval.isNegative() || retryInitialInterval.isZero()) {
      throw new IllegalArgumentException("agentline.audit.retry-initial-interval must be positive, was " + retryInitialInterval);
    }
    if (retryMaxInterval.compareTo(retryInitialInterval) < 0) {
      throw new IllegalArgumentException("agentline.audit.retry-max-interval must be >= retry-initial-interval, was " + retryMaxInterval);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("agentline.audit.batch-size must be >= 1, was " + batchSize);
    }
    if (consumers < 1) {
      throw new IllegalArgumentException("agentline.audit.consumers must be >= 1, was " + consumers);
    }
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new IllegalArgumentException("agentline.audit.retention must be positive (or unset: keep everything), was " + retention);
    }
    if (retentionInterval.isNegative() || retentionInterval.isZero()) {
      throw new IllegalArgumentException("agentline.audit.retention-interval must be positive, was " + retentionInterval);
    }
    if (searchIndexBatch < 1) {
      throw new IllegalArgumentException("agentline.audit.search-index-batch must be >= 1, was " + searchIndexBatch);
    }
    if (searchIndexBusyBatch < 1) {
      throw new IllegalArgumentException("agentline.audit.search-index-busy-batch must be >= 1, was " + searchIndexBusyBatch);
    }
    if (searchIndexIdle.isNegative() || searchIndexIdle.isZero()) {
      throw new IllegalArgumentException("agentline.audit.search-index-idle must be positive, was " + searchIndexIdle);
    }
    if (nice < 0 || nice > 19) {
      throw new IllegalArgumentException("agentline.audit.nice must be 0 to 19, was " + nice);
    }
  }
}
