package dev.agentline.toolrunner.review;

/**
 * Where the intake reads the webhook secrets and API tokens: {@link #PROCESS} unless a bean of this type is registered
 * before the context starts (tests, an embedding launcher).
 */
@FunctionalInterface
public interface CodeHostEnvironment {
  /** The environment variable, else a JVM system property of the same name (for the one-JVM launcher and its tests). */
  CodeHostEnvironment PROCESS = name -> {
    String value = System.getenv(name);
    return value != null ? value : System.getProperty(name);
  };

  String get(String name);
}
