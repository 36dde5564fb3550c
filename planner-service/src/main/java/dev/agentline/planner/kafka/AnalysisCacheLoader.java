package dev.agentline.planner.kafka;

import dev.agentline.planner.workflow.AnalysisCache;
import dev.agentline.platform.AvroCodec;
import dev.agentline.schemas.AnalysisCached;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the global analysis store in step with {@code agentline.analysis-cache}. */
final class AnalysisCacheLoader implements Processor<String, byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(AnalysisCacheLoader.class);
  private KeyValueStore<String, byte[]> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(PlannerTopology.ANALYSIS_STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() != null) store.put(record.key(), record.value());
  }

  /** A readable cached analysis, or empty; an unreadable entry is a miss, not a failure. */
  static Optional<String> find(KeyValueStore<String, byte[]> store, String repository, String commit) {
    byte[] bytes = store.get(AnalysisCache.key(repository, commit));
    if (bytes == null) return Optional.empty();
    try {
      return Optional.of(AvroCodec.get().decode(bytes, AnalysisCached.class).getAnalysis());
    } catch (AvroCodec.InvalidRecordException e) {
      log.warn("ignoring an unreadable cached analysis of {} at {}: {}", repository, commit, e.getMessage());
      return Optional.empty();
    }
  }
}
