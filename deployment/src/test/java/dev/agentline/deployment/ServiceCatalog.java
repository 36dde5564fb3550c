package dev.agentline.deployment;

import dev.agentline.platform.models.ModelCatalog;
import dev.agentline.schemas.Role;
import dev.agentline.toolrunner.CodeHostProperties;
import dev.agentline.toolrunner.review.IntakeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What the deployment files must agree with, read from the services themselves: each service's image
 * and main class (its Jib configuration in the poms), its HTTP port (the {@code server.port} default
 * of its application class's defaults file, else Spring Boot's) and the configuration keys it reads
 * ({@link ConfigurationKeys}). docker-compose.yml and the Helm chart are both checked against it.
 */
public final class ServiceCatalog {
  /** The services, in the order of the parent's modules. */
  public static final List<String> MODULES = List.of("planner-service", "worker-service", "tool-runner-service", "audit-service");

  private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([^:}]+)(?::([^}]*))?}$");

  /**
   * One service.
   *
   * @param image the image name without tag, e.g. {@code agentline/worker-service}
   * @param jibPorts the ports the image declares
   * @param httpPort its {@code server.port} default; empty when it has no web server on its classpath
   */
  public record Service(String module, String image, String mainClass, List<Integer> jibPorts, OptionalInt httpPort, ConfigurationKeys keys) {

    /** The port a deployment publishes: the HTTP port, else (no web server) the one the image declares. */
    public int port() {
      if (httpPort.isPresent()) return httpPort.getAsInt();
      if (jibPorts.size() != 1) throw new IllegalStateException(module + " has no web server and its image declares ports " + jibPorts);
      return jibPorts.get(0);
    }
  }

  private final Path root;
  private final Map<String, Service> services = new LinkedHashMap<>();

  private ServiceCatalog(Path root) {
    this.root = root;
  }

  /** The catalog of the repository at {@code root} (the parent pom's folder), built with at least process-classes. */
  public static ServiceCatalog of(Path root) {
    ServiceCatalog catalog = new ServiceCatalog(root);
    Element parentJib = jibPlugin(xml(root.resolve("pom.xml")), "the parent pom's pluginManagement");
    String imageTemplate = text(child(child(parentJib, "configuration"), "to"), "image")
        .replace("${jib.to.prefix}", catalog.parentProperty("jib.to.prefix"));
    for (String module : MODULES) catalog.services.put(module, catalog.read(module, imageTemplate));
    return catalog;
  }

  private static ServiceCatalog ofThisRepository;

  /** The catalog of the repository these tests run in, read once per test JVM. */
  public static synchronized ServiceCatalog ofThisRepository() {
    if (ofThisRepository == null) ofThisRepository = of(repositoryRoot());
    return ofThisRepository;
  }

  /** The repository this test runs in: surefire's working directory is the deployment module. */
  public static Path repositoryRoot() {
    Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path root = module.getFileName().toString().equals("deployment") ? module.getParent() : module;
    if (!Files.isRegularFile(root.resolve("deployment/pom.xml"))) throw new IllegalStateException("not the agentline repository: " + root);
    return root;
  }

  public List<Service> services() {
    return List.copyOf(services.values());
  }

  public Service service(String module) {
    Service service = services.get(module);
    if (service == null) throw new IllegalArgumentException("no such service: " + module + " (" + services.keySet() + ")");
    return service;
  }

  /** The service whose image is {@code image} (with or without a tag, with or without a registry prefix). */
  public Service serviceWithImage(String image) {
    String repository = withoutTag(image);
    for (Service service : services.values()) {
      if (repository.equals(service.image()) || repository.endsWith("/" + service.image())) return service;
    }
    throw new IllegalArgumentException("no service builds the image " + image);
  }

  /** A property of the parent pom, e.g. {@code kafka.version}. */
  public String parentProperty(String name) {
    Element properties = child(xml(root.resolve("pom.xml")).getDocumentElement(), "properties");
    return text(properties, name);
  }

  /** The tag the images get by default ({@code jib.to.tag}, the project version). */
  public String imageTag() {
    String version = text(xml(root.resolve("pom.xml")).getDocumentElement(), "version");
    return parentProperty("jib.to.tag").replace("${project.version}", version);
  }

  static String withoutTag(String image) {
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash ? image.substring(0, colon) : image;
  }

  private Service read(String module, String imageTemplate) {
    Path moduleDir = root.resolve(module);
    Element jib = jibPlugin(xml(moduleDir.resolve("pom.xml")), module + "/pom.xml");
    Element configuration = child(jib, "configuration");
    Element container = child(configuration, "container");
    String mainClass = text(container, "mainClass");
    List<Integer> ports = new ArrayList<>();
    for (Element port : children(child(container, "ports"), "port")) ports.add(Integer.parseInt(port.getTextContent().trim()));
    String image = withoutTag(imageTemplate.replace("${project.artifactId}", module));

    Class<?> application = load(mainClass, module);
    Path loadedFrom = location(application);
    // target/classes, or the module's jar when the reactor ran the package phase
    if (!loadedFrom.startsWith(moduleDir.resolve("target").toAbsolutePath().normalize())) {
      throw new IllegalStateException(module + " was loaded from " + loadedFrom + ", not from this repository's build:"
          + " run the reactor, e.g. ./mvnw -pl deployment -am test");
    }
    if (!application.isAnnotationPresent(SpringBootApplication.class)) {
      throw new IllegalStateException(module + ": the Jib mainClass " + mainClass + " is not a @SpringBootApplication");
    }
    Properties defaults = defaults(application);
    ConfigurationKeys keys = ConfigurationKeys.of(module, runtimeClasspath(moduleDir), defaults, variablesReadByDefault(module));
    return new Service(module, image, mainClass, List.copyOf(ports), port(module, defaults, keys), keys);
  }

  /**
   * The variables a service's code reads by name when its {@code *-env} keys are not set, asked of
   * that code: the model keys of the providers, the code hosts' tokens and webhook secrets.
   */
  private static Set<String> variablesReadByDefault(String module) {
    return switch (module) {
      case "worker-service" -> Set.of(apiKeyEnv("anthropic"), apiKeyEnv("openai"));
      case "tool-runner-service" -> {
        CodeHostProperties hosts = new CodeHostProperties(null, null);
        IntakeProperties intake = new IntakeProperties(null, null, null, null);
        yield Set.of(hosts.githubSettings().tokenEnv(), hosts.gitlabSettings().tokenEnv(), intake.github().webhookSecretEnv(),
            intake.gitlab().webhookSecretEnv());
      }
      default -> Set.of();
    };
  }

  private static String apiKeyEnv(String provider) {
    return ModelCatalog.parse("provider: " + provider + "\nmodel: probe\n", "probe", null).spec(Role.MANAGER).apiKeyEnv();
  }

  /** The service's own defaults: the files its application class names with @PropertySource. */
  private static Properties defaults(Class<?> application) {
    Properties defaults = new Properties();
    for (PropertySource source : application.getAnnotationsByType(PropertySource.class)) {
      for (String location : source.value()) {
        String resource = location.replaceFirst("^classpath\\*?:", "").replaceFirst("^/", "");
        try (InputStream in = application.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) throw new IllegalStateException(application.getName() + ": @PropertySource " + location + " does not exist");
          defaults.load(in);
        } catch (IOException e) {
          throw new IllegalStateException("cannot read " + location + ": " + e.getMessage(), e);
        }
      }
    }
    return defaults;
  }

  /**
   * {@code server.port} as the service starts without configuration: its defaults file, else Boot's
   * default; empty when no web server is on its classpath.
   */
  private static OptionalInt port(String module, Properties defaults, ConfigurationKeys keys) {
    if (!keys.has("server.port")) return OptionalInt.empty();
    String value = defaults.getProperty("server.port");
    if (value != null) {
      Matcher placeholder = PLACEHOLDER.matcher(value.trim());
      if (placeholder.matches()) value = placeholder.group(2);
    } else {
      value = keys.defaultValue("server.port").orElse(null);
    }
    if (value == null) throw new IllegalStateException(module + ": server.port has no default");
    return OptionalInt.of(Integer.parseInt(value.trim()));
  }

  private static List<Path> runtimeClasspath(Path moduleDir) {
    Path file = moduleDir.resolve("target/runtime-classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " is missing: build the services with the reactor, e.g. ./mvnw -pl deployment -am test");
    }
    List<Path> entries = new ArrayList<>();
    entries.add(moduleDir.resolve("target/classes"));
    try {
      for (String entry : Files.readString(file).trim().split(java.io.File.pathSeparator)) {
        if (!entry.isBlank()) entries.add(Path.of(entry.trim()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return entries;
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Class<?> load(String mainClass, String module) {
    try {
      return Class.forName(mainClass, false, ServiceCatalog.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(module + ": the Jib mainClass " + mainClass + " does not exist", e);
    }
  }

  private static Element jibPlugin(Document pom, String where) {
    List<Element> plugins = new ArrayList<>();
    collect(pom.getDocumentElement(), "plugin", plugins);
    for (Element plugin : plugins) {
      if ("jib-maven-plugin".equals(text(plugin, "artifactId"))) return plugin;
    }
    throw new IllegalStateException(where + " configures no jib-maven-plugin");
  }

  private static void collect(Element element, String name, List<Element> into) {
    for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element e) {
        if (e.getTagName().equals(name)) into.add(e);
        collect(e, name, into);
      }
    }
  }

  private static Document xml(Path file) {
    try {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    } catch (Exception e) {
      throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    if (found.isEmpty()) throw new IllegalStateException("<" + parent.getTagName() + "> has no <" + name + ">");
    return found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element e && e.getTagName().equals(name)) found.add(e);
    }
    return found;
  }

  private static String text(Element parent, String name) {
    return child(parent, name).getTextContent().trim();
  }
}
