package dev.agentline.audit.views;

import java.util.List;

/** Everything recorded for one task, in the order it happened. */
record Timeline(String taskId, List<TimelineEntry> entries) {}
