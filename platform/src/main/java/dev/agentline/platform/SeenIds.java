package dev.agentline.platform;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@code capacity} ids seen (webhook delivery ids, polled item keys, events handled): the oldest is forgotten
 * first. In memory: after a restart every id is new again, so what consumes the ids must itself be idempotent.
 */
public final class SeenIds {
  private final Map<String, Boolean> ids;

  public SeenIds(int capacity) {
    this.ids = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** True the first time {@code id} is seen; false after (a null or blank id is never remembered: true). */
  public synchronized boolean firstTime(String id) {
    if (id == null || id.isBlank()) return true;
    return ids.putIfAbsent(id, Boolean.TRUE) == null;
  }

  public synchronized boolean seen(String id) {
    return id != null && ids.containsKey(id);
  }

  /** Forgets {@code id}, so that a later delivery is handled again (when handling it failed). */
  public synchronized void forget(String id) {
    if (id != null) ids.remove(id);
  }
}
