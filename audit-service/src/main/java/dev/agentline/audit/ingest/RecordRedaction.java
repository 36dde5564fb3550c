package dev.agentline.audit.ingest;

import dev.agentline.platform.redact.RecordStrings;
import dev.agentline.platform.redact.Redactor;
import dev.agentline.platform.redact.Redactor.Tally;
import org.apache.avro.generic.IndexedRecord;

/**
 * Redacts every string of a record before anything is derived from it (body, summary, search
 * text, normalised rows), counting what was replaced.
 */
final class RecordRedaction {
  private static final Redactor REDACTOR = Redactor.standard();

  private RecordRedaction() {}

  /** Replaces the secrets in the record's strings, nested records and lists included, in place. */
  static void redact(IndexedRecord record, Tally tally) {
    RecordStrings.rewrite(record, text -> REDACTOR.redact(text, tally));
  }

  /** A plain value tree (maps, lists, strings, …) with its strings redacted; unchanged parts are shared. */
  static Object tree(Object plain, Tally tally) {
    return RecordStrings.tree(plain, text -> REDACTOR.redact(text, tally));
  }
}
