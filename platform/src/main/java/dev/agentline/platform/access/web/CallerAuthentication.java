package dev.agentline.platform.access.web;

import dev.agentline.platform.access.Caller;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated {@link Caller} (from an API token or a JWT) in Spring Security's context. */
public final class CallerAuthentication extends AbstractAuthenticationToken {
  private final Caller caller;

  public CallerAuthentication(Caller caller) {
    super(caller.roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList());
    this.caller = caller;
    setAuthenticated(true);
  }

  public Caller caller() {
    return caller;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return caller.name();
  }

  @Override
  public String getName() {
    return caller.name();
  }
}
