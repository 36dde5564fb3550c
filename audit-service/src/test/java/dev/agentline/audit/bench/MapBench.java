package dev.agentline.audit.bench;

import dev.agentline.audit.bench.SyntheticRecords.Synthetic;
import dev.agentline.audit.ingest.RecordIngest;
import java.time.Instant;
import java.util.List;

/** Profiling aid: the record → rows mapping alone, no database. */
final class MapBench {
  public static void main(String[] args) {
    List<Synthetic> records = new SyntheticRecords(42).next(20_000);
    List<byte[]> values = records.stream().map(Synthetic::encoded).toList();
    for (int round = 0; round < 5; round++) {
      long t = System.nanoTime();
      for (int i = 0; i < records.size(); i++) {
        RecordIngest.of(records.get(i).topic(), 0, i, records.get(i).key(), values.get(i), Instant.EPOCH, List.of());
      }
      System.out.printf("round %d: %.1f µs/record%n", round, (System.nanoTime() - t) / 1e3 / records.size());
    }
  }
}
