package dev.agentline.planner.workflow;

import java.util.Optional;

/**
 * Analyses already made, by repository and commit. A read-only port: the workflow stays pure, and
 * a new analysis is published as an {@code AnalysisCached} record for the adapter to store.
 */
@FunctionalInterface
public interface AnalysisCache {
  AnalysisCache NONE = (repository, commit) -> Optional.empty();

  Optional<String> find(String repository, String commit);

  static String key(String repository, String commit) {
    return repository + "@" + commit;
  }
}
