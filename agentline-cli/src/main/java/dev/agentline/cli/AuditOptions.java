package dev.agentline.cli;

import picocli.CommandLine.Option;

/** Where the audit service's REST API is (search, timelines, metrics). */
final class AuditOptions {
  @Option(names = "--audit-url", defaultValue = "${env:AGENTLINE_AUDIT_URL:-http://localhost:8084}",
      description = "The audit service's base URL (default: env AGENTLINE_AUDIT_URL, else http://localhost:8084; here ${DEFAULT-VALUE}).")
  String auditUrl;

  /** The base URL without a trailing slash; bad input naming the option when it is not an http(s) URL. */
  String url() {
    return PlannerOptions.httpUrl("--audit-url", auditUrl, "http://localhost:8084");
  }
}
