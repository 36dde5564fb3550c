package dev.agentline.audit.search;

import java.util.List;

/**
 * One page of ranked hits. Ranking covers the {@code window} newest matches; {@code total} counts
 * them (at most {@code window}), and {@code moreBeyondWindow} says older ones exist too (narrow the
 * query, or move {@code to} back, to reach them).
 *
 * @param nextOffset the offset of the next page, null on the last one
 */
record SearchPage(
    List<SearchHit> hits,
    int offset,
    int limit,
    long total,
    boolean moreBeyondWindow,
    int window,
    boolean hasMore,
    Integer nextOffset) {

  SearchPage {
    hits = List.copyOf(hits);
  }
}
