package dev.agentline.platform.redact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Rewrites every string of a record, nested records, lists and maps included: how the audit
 * redacts a record before storing it, and the tool runner a result before it leaves.
 */
public final class RecordStrings {
  private RecordStrings() {}

  /** Replaces each string of {@code record} by what {@code rewrite} makes of it, in place. */
  public static void rewrite(IndexedRecord record, UnaryOperator<String> rewrite) {
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      Object rewritten = rewritten(value, rewrite);
      if (rewritten != value) record.put(field.pos(), rewritten);
    }
  }

  /** A plain value tree (maps, lists, strings, …) with its strings rewritten; unchanged parts are shared. */
  public static Object tree(Object plain, UnaryOperator<String> rewrite) {
    return rewritten(plain, rewrite);
  }

  private static Object rewritten(Object value, UnaryOperator<String> rewrite) {
    if (value instanceof CharSequence text) {
      String string = text.toString();
      String rewritten = rewrite.apply(string);
      return rewritten == string && text instanceof String ? value : rewritten;
    }
    if (value instanceof IndexedRecord nested) {
      rewrite(nested, rewrite);
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, rewritten(v, rewrite)));
      return out;
    }
    if (value instanceof Collection<?> items) {
      List<Object> out = new ArrayList<>(items.size());
      for (Object item : items) out.add(rewritten(item, rewrite));
      return out;
    }
    return value;
  }
}
