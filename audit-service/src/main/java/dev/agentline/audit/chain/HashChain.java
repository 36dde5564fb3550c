package dev.agentline.audit.chain;

/**
 * The per-task hash chain of stored rows. Row n of a task (its {@code chain_seq}, 1, 2, … in the
 * order the rows were stored) has {@code prev_hash} = the hash of row n-1 ({@link #GENESIS} for
 * row 1, or the retention checkpoint when older rows were deleted) and
 * {@code hash} = SHA-256 of {@code prev_hash ":" n ":" contentHash}, where contentHash is
 * {@link RecordContent#hash()}. Changing, removing or reordering a row breaks the chain there.
 */
public final class HashChain {
  /** The prev_hash of a task's first row. */
  public static final String GENESIS = "0".repeat(64);

  private HashChain() {}

  public static String link(String prevHash, long chainSeq, String contentHash) {
    return Canonical.sha256(prevHash + ":" + chainSeq + ":" + contentHash);
  }
}
