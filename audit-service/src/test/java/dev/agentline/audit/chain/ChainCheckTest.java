package dev.agentline.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentline.audit.chain.ChainCheck.StoredLink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainCheckTest {
  private static final Instant AT = Instant.parse("2026-11-25T10:00:00.123456Z");

  @Test
  void aJsonbRoundTripHashesTheSame() {
    Map<String, Object> written = new LinkedHashMap<>();
    written.put("zeta", "line\none \"quoted\" \\ tab\t");
    written.put("cost", 1.0E-5);
    written.put("zero", 0.0);
    written.put("tokens", 1200);
    written.put("nested", List.of(Map.of("b", 2, "a", true), "x"));
    written.put("none", null);
    // what PostgreSQL answers for body::text: keys reordered, numbers rewritten, spaces added
    String fromJsonb = "{\"cost\": 0.000010, \"none\": null, \"zero\": 0.0, \"zeta\": \"line\\none \\\"quoted\\\" \\\\ tab\\t\", "
        + "\"nested\": [{\"a\": true, \"b\": 2}, \"x\"], \"tokens\": 1200}";

    assertThat(Canonical.text(Canonical.parse(fromJsonb))).isEqualTo(Canonical.text(written));
  }

  @Test
  void anIntactChainIsValid() {
    ChainCheck check = new ChainCheck("t1", 0, HashChain.GENESIS);
    chain(3, HashChain.GENESIS, 1).forEach(check::accept);
    List<StoredLink> rows = chain(3, HashChain.GENESIS, 1);

    assertThat(check.result(3, rows.get(2).hash())).isEqualTo(new Verification("t1", 3, true, null, null));
  }

  @Test
  void aChangedRowIsNamedWithItsPosition() {
    List<StoredLink> rows = chain(4, HashChain.GENESIS, 1);
    StoredLink original = rows.get(2);
    rows.set(2, new StoredLink(original.topic(), original.partition(), original.offset(), original.chainSeq(), original.prevHash(),
        original.hash(), content(99, "edited")));
    ChainCheck check = new ChainCheck("t1", 0, HashChain.GENESIS);
    rows.forEach(check::accept);

    Verification verdict = check.result(4, rows.get(3).hash());
    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.records()).isEqualTo(3);
    assertThat(verdict.brokenAt()).isEqualTo(new Verification.Position("agentline.task-events", 0, 2, 3));
  }

  @Test
  void aRewrittenHashIsCaughtByTheNextRow() {
    List<StoredLink> rows = chain(3, HashChain.GENESIS, 1);
    StoredLink first = rows.get(0);
    String forged = HashChain.link(HashChain.GENESIS, 1, content(1, "forged").hash());
    rows.set(0, new StoredLink(first.topic(), first.partition(), first.offset(), 1, first.prevHash(), forged, content(1, "forged")));
    ChainCheck check = new ChainCheck("t1", 0, HashChain.GENESIS);
    rows.forEach(check::accept);

    Verification verdict = check.result(3, rows.get(2).hash());
    assertThat(verdict.brokenAt().chainSeq()).isEqualTo(2);
    assertThat(verdict.reason()).isEqualTo("prev_hash is not the hash of the row before it");
  }

  @Test
  void aChainContinuesFromTheRetentionCheckpoint() {
    List<StoredLink> all = chain(5, HashChain.GENESIS, 1);
    ChainCheck check = new ChainCheck("t1", 2, all.get(1).hash());
    all.subList(2, 5).forEach(check::accept);

    assertThat(check.result(5, all.get(4).hash())).isEqualTo(new Verification("t1", 3, true, null, null));
  }

  @Test
  void rowsMissingAtTheEndAreReported() {
    List<StoredLink> rows = chain(3, HashChain.GENESIS, 1);
    ChainCheck check = new ChainCheck("t1", 0, HashChain.GENESIS);
    rows.subList(0, 2).forEach(check::accept);

    Verification verdict = check.result(3, rows.get(2).hash());
    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.brokenAt()).isNull();
    assertThat(verdict.reason()).contains("rows are missing at the end");
  }

  private static List<StoredLink> chain(int n, String prev, long firstSeq) {
    List<StoredLink> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long seq = firstSeq + i;
      RecordContent content = content(i, "step " + i);
      String hash = HashChain.link(prev, seq, content.hash());
      rows.add(new StoredLink("agentline.task-events", 0, i, seq, prev, hash, content));
      prev = hash;
    }
    return rows;
  }

  private static RecordContent content(long offset, String message) {
    return new RecordContent("agentline.task-events", 0, offset, "t1", "TaskEvent", "STATE_CHANGED", AT, AT, message,
        Map.of("message", message, "cost", 0.5), Map.of(), Map.of());
  }
}
