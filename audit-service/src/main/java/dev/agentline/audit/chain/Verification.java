package dev.agentline.audit.chain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The verdict on one task's chain.
 *
 * @param records rows checked (up to and including the broken one)
 * @param brokenAt the first row that breaks the chain; null when valid, or when rows are missing at the end
 * @param reason why the chain is broken; null when valid
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verification(String taskId, long records, boolean valid, Position brokenAt, String reason) {

  /** Where a row came from, and its place in the chain. */
  public record Position(String topic, int partition, long offset, long chainSeq) {}
}
