package dev.agentline.platform.access.web;

import dev.agentline.platform.access.ApiTokens;
import dev.agentline.platform.access.Caller;
import dev.agentline.platform.access.ClaimsCaller;
import dev.agentline.platform.access.Denial;
import dev.agentline.platform.access.RefusalLog;
import dev.agentline.platform.access.Role;
import dev.agentline.platform.access.SecuritySettings;
import dev.agentline.platform.access.TaskAccess;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one adapter from {@code agentline.security.*} to Spring Security, shared by the planner and the audit service
 * (each gives its own routes). API tokens come as {@code Authorization: Bearer <token>} (or HTTP Basic with the token
 * as password, which is how a browser signs in to the console); in {@code oidc} mode a bearer that is no API token
 * must be a JWT signed by the provider's keys, from its issuer, unexpired. Unauthenticated: 401 with
 * {@code WWW-Authenticate} (Bearer and Basic); authenticated without the role: 403 with a problem detail naming what is
 * missing. Every refusal is logged with method, path and caller, and a 403 is also reported to the service's
 * {@link RefusalLog} (the audit's record of it). Spring Security is an optional dependency of
 * platform: only the services that serve HTTP bring it.
 */
public final class AccessSecurity {
  static final String DENIAL = AccessSecurity.class.getName() + ".denial";
  private static final Logger log = LoggerFactory.getLogger(AccessSecurity.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The routes of one service, between the open probes and the admin-only rest ({@link #chain}). */
  public interface Routes
      extends Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> {}

  private AccessSecurity() {}

  /** {@code agentline.security.*} from the environment (defaults: mode {@code tokens}, no token). */
  public static SecuritySettings settings(Environment environment) {
    return Binder.get(environment).bind("agentline.security", SecuritySettings.class)
        .orElseGet(() -> new SecuritySettings(null, null, null, null));
  }

  /**
   * The provider of API-token callers. Declared as a bean it also keeps Spring Boot from creating its default user
   * with a generated password.
   */
  public static AuthenticationProvider tokenProvider(SecuritySettings settings) {
    return new TokenProvider(settings.apiTokens(), settings.parsedMode() == SecuritySettings.Mode.OIDC);
  }

  /**
   * The filter chain of {@code service}: everything open with mode {@code off}; else the probes and the scrape open
   * (they carry no token), then the service's {@code routes} behind tokens/JWTs, and anything else for admins only.
   */
  public static SecurityFilterChain chain(HttpSecurity http, SecuritySettings settings, AuthenticationProvider tokenProvider, String service,
      RefusalLog refusalLog, Routes routes) {
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    if (settings.parsedMode() == SecuritySettings.Mode.OFF) {
      log.warn("agentline.security.mode=off: the {} accepts every HTTP request unauthenticated (local development only)", service);
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }
    if (settings.tokens().isEmpty() && settings.parsedMode() == SecuritySettings.Mode.TOKENS) {
      log.warn("agentline.security.tokens is empty: the {} refuses every API request (401) until a token is configured", service);
    }
    Refusals refusals = new Refusals(refusalLog);
    List<AuthenticationProvider> bearer = settings.parsedMode() == SecuritySettings.Mode.OIDC
        ? List.of(tokenProvider, jwtProvider(settings.oidc())) : List.of(tokenProvider);
    ProviderManager bearerManager = new ProviderManager(bearer);
    return http
        .authorizeHttpRequests(requests -> {
          requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/error").permitAll();
          routes.customize(requests);
          requests.anyRequest().access(needs("use this endpoint", Role.ADMIN));
        })
        .authenticationManager(new ProviderManager(tokenProvider))
        .oauth2ResourceServer(server -> server.authenticationManagerResolver(request -> bearerManager).authenticationEntryPoint(refusals))
        .httpBasic(basic -> basic.authenticationEntryPoint(refusals))
        .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
        .build();
  }

  /** Allows a caller holding any of {@code anyOf} (or admin); a refusal names {@code action} and the missing role. */
  public static AuthorizationManager<RequestAuthorizationContext> needs(String action, Role... anyOf) {
    return (authentication, context) -> {
      if (!(authentication.get() instanceof CallerAuthentication caller)) return new AuthorizationDecision(false);
      Optional<Denial> denial = TaskAccess.requireRole(caller.caller(), action, anyOf);
      denial.ifPresent(d -> context.getRequest().setAttribute(DENIAL, d));
      return new AuthorizationDecision(denial.isEmpty());
    };
  }

  /**
   * The provider of JWT callers in {@code oidc} mode: keys from {@code jwk-set-uri}, else from the discovery document of
   * {@code issuer-uri} (fetched on the first token); signature, expiry and (with an issuer) {@code iss} checked.
   */
  public static AuthenticationProvider jwtProvider(SecuritySettings.OidcSettings oidc) {
    NimbusJwtDecoder decoder = oidc.jwkSetUri() != null ? NimbusJwtDecoder.withJwkSetUri(oidc.jwkSetUri()).build()
        : NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build();
    decoder.setJwtValidator(oidc.issuerUri() != null ? JwtValidators.createDefaultWithIssuer(oidc.issuerUri()) : JwtValidators.createDefault());
    JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
    provider.setJwtAuthenticationConverter(jwt -> new CallerAuthentication(ClaimsCaller.of(jwt.getClaims(), oidc)
        .orElseThrow(() -> new InvalidBearerTokenException("the token names no caller (" + oidc.nameClaim() + " or sub)"))));
    return provider;
  }

  /** An API token as a bearer token or as the password of HTTP Basic (the user name is ignored). */
  static final class TokenProvider implements AuthenticationProvider {
    private final ApiTokens tokens;
    private final boolean jwtsToo;

    TokenProvider(ApiTokens tokens, boolean jwtsToo) {
      this.tokens = tokens;
      this.jwtsToo = jwtsToo;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
      boolean bearer = authentication instanceof BearerTokenAuthenticationToken;
      String token = bearer ? ((BearerTokenAuthenticationToken) authentication).getToken() : String.valueOf(authentication.getCredentials());
      Optional<Caller> caller = tokens.authenticate(token);
      if (caller.isPresent()) return new CallerAuthentication(caller.get());
      if (bearer && jwtsToo) return null;
      throw bearer ? new InvalidBearerTokenException("the token is not a known API token") : new BadCredentialsException("the password is not a known API token");
    }

    @Override
    public boolean supports(Class<?> type) {
      return BearerTokenAuthenticationToken.class.isAssignableFrom(type) || UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
    }
  }

  /** 401 with both challenges (Bearer for machines, Basic so a browser asks for the token) and 403, as problem details. */
  static final class Refusals implements AuthenticationEntryPoint, AccessDeniedHandler {
    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final RefusalLog refusalLog;

    Refusals(RefusalLog refusalLog) {
      this.refusalLog = refusalLog;
      bearer.setRealmName("agentline");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
      bearer.commence(request, response, e);
      response.addHeader("WWW-Authenticate", "Basic realm=\"agentline\"");
      boolean presented = request.getHeader("Authorization") != null;
      log.warn("refused {} {} (401): {}", request.getMethod(), request.getRequestURI(), presented ? e.getMessage() : "no credentials");
      write(response, 401, "Unauthorized", presented ? "invalid credentials: " + e.getMessage()
          : "authentication required: send Authorization: Bearer <API token or JWT>", Map.of());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
      Denial denial = request.getAttribute(DENIAL) instanceof Denial d ? d : new Denial("access denied", "role");
      String name = request.getUserPrincipal() == null ? "?" : request.getUserPrincipal().getName();
      log.warn("refused {} {} to {} (403): {}", request.getMethod(), request.getRequestURI(), name, denial.detail());
      if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication caller) {
        refusalLog.refused(caller.caller(), request.getMethod(), request.getRequestURI(), null, request.getMethod() + " " + request.getRequestURI(), denial);
      }
      write(response, 403, "Forbidden", denial.detail(), Map.of("missing", denial.missing(), "caller", name));
    }

    private static void write(HttpServletResponse response, int status, String title, String detail, Map<String, String> more) throws IOException {
      Map<String, Object> problem = new LinkedHashMap<>();
      problem.put("type", "about:blank");
      problem.put("title", title);
      problem.put("status", status);
      problem.put("detail", detail);
      problem.putAll(more);
      response.setStatus(status);
      response.setContentType("application/problem+json");
      response.getWriter().write(JSON.writeValueAsString(problem));
    }
  }
}
