package dev.agentline.audit.chain;

import java.util.Objects;

/**
 * Verifies one task's chain row by row, in chain order, without a database: feed it the stored
 * rows with {@link #accept}, then ask {@link #result}. Stops at the first broken row.
 */
public final class ChainCheck {
  private final String taskId;
  private String expectedPrev;
  private long expectedSeq;
  private long records;
  private Verification broken;

  /**
   * @param checkpointSeq chain positions up to this one were deleted by retention (0: none)
   * @param checkpointHash the hash of the last deleted row ({@link HashChain#GENESIS} when none)
   */
  public ChainCheck(String taskId, long checkpointSeq, String checkpointHash) {
    this.taskId = taskId;
    this.expectedSeq = checkpointSeq + 1;
    this.expectedPrev = checkpointHash;
  }

  /** A stored row: its position, chain columns as stored, and its content as stored. */
  public record StoredLink(String topic, int partition, long offset, long chainSeq, String prevHash, String hash, RecordContent content) {}

  public void accept(StoredLink row) {
    if (broken != null) return;
    records++;
    if (row.chainSeq() != expectedSeq) {
      fail(row, row.chainSeq() > expectedSeq
          ? "chain position " + expectedSeq + (row.chainSeq() - expectedSeq > 1 ? "-" + (row.chainSeq() - 1) : "") + " missing before this row (position " + row.chainSeq() + ")"
          : "chain position " + row.chainSeq() + " repeated");
      return;
    }
    if (!Objects.equals(row.prevHash(), expectedPrev)) {
      fail(row, "prev_hash is not the hash of the row before it");
      return;
    }
    String recomputed = HashChain.link(row.prevHash(), row.chainSeq(), row.content().hash());
    if (!recomputed.equals(row.hash())) {
      fail(row, "content does not match its hash: the row was changed after it was stored");
      return;
    }
    expectedPrev = row.hash();
    expectedSeq++;
  }

  /**
   * The verdict, given the chain head the store recorded: rows missing at the end (or a head that
   * was rewritten) break the chain after the last row.
   */
  public Verification result(long headSeq, String headHash) {
    if (broken != null) return broken;
    long lastSeq = expectedSeq - 1;
    if (lastSeq != headSeq) {
      return new Verification(taskId, records, false, null,
          "the chain head is at position " + headSeq + " but the stored rows end at " + lastSeq + ": rows are missing at the end");
    }
    if (!Objects.equals(expectedPrev, headHash)) {
      return new Verification(taskId, records, false, null, "the chain head's hash does not match the last row");
    }
    return new Verification(taskId, records, true, null, null);
  }

  private void fail(StoredLink row, String reason) {
    broken = new Verification(taskId, records, false,
        new Verification.Position(row.topic(), row.partition(), row.offset(), row.chainSeq()), reason);
  }
}
