package dev.agentline.toolrunner.review;

/**
 * Where the webhook secrets and API tokens are read: the process environment ({@code System::getenv}) unless a bean
 * of this type is registered before the context starts (tests, an embedding launcher).
 */
@FunctionalInterface
public interface CodeHostEnvironment {
  String get(String name);
}
