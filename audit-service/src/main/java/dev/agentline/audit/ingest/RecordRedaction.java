package dev.agentline.audit.ingest;

import dev.agentline.audit.redact.Redactor;
import dev.agentline.audit.redact.Redactor.Tally;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
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
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      Object redacted = redacted(value, tally);
      if (redacted != value) record.put(field.pos(), redacted);
    }
  }

  /** A plain value tree (maps, lists, strings, …) with its strings redacted; unchanged parts are shared. */
  static Object tree(Object plain, Tally tally) {
    return redacted(plain, tally);
  }

  private static Object redacted(Object value, Tally tally) {
    if (value instanceof CharSequence text) {
      String string = text.toString();
      String redacted = REDACTOR.redact(string, tally);
      return redacted == string && text instanceof String ? value : redacted;
    }
    if (value instanceof IndexedRecord nested) {
      redact(nested, tally);
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, redacted(v, tally)));
      return out;
    }
    if (value instanceof Collection<?> items) {
      List<Object> out = new ArrayList<>(items.size());
      for (Object item : items) out.add(redacted(item, tally));
      return out;
    }
    return value;
  }
}
