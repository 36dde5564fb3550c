package dev.agentline.audit.metrics;

/** How often a role was asked to do a step ({@code step_attempts}) and how often it failed ({@code worker_failures}). */
public record RoleAttempts(String role, long attempts, long failures) {}
