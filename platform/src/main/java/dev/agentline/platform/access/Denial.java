package dev.agentline.platform.access;

/**
 * Why a caller may not do something: the HTTP answer is 403 with {@code detail}; {@code missing} names the role
 * ({@code approver}), team or relation ({@code requester}) that would have allowed it.
 */
public record Denial(String detail, String missing) {}
