package dev.agentline.audit.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * How the audit's embedded PostgreSQL is started, by the service and by the launcher when a test starts it again.
 *
 * <p>zonky starts its server with {@code synchronous_commit=off}: a commit returns before its WAL is on disk, and a crash
 * of the server (or the machine) in the next fraction of a second undoes it. Ingest commits its Kafka offsets once the
 * batch's transaction has committed, so such a batch would be lost from the audit for good. Here a commit waits for
 * its WAL ({@code synchronous_commit=on}, PostgreSQL's default): one flush a batch, ~60 µs on this project's machines.
 */
public final class EmbeddedPostgresServer {
  private EmbeddedPostgresServer() {}

  /** A builder with the audit's server settings; port and data directory are the caller's. */
  public static EmbeddedPostgres.Builder builder() {
    return EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on");
  }
}
