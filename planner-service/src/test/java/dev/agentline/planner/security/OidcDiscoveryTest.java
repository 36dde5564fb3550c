package dev.agentline.planner.security;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.agentline.platform.access.Caller;
import dev.agentline.platform.access.Role;
import dev.agentline.platform.access.SecuritySettings;
import dev.agentline.platform.access.web.AccessSecurity;
import dev.agentline.platform.access.web.CallerAuthentication;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * OIDC configured with {@code issuer-uri} only (no {@code jwk-set-uri}): the provider's discovery document, served by
 * WireMock as Keycloak serves it, names the keys. {@link PlannerAccessTest} covers {@code jwk-set-uri} on a running planner.
 */
class OidcDiscoveryTest {
  @RegisterExtension
  static WireMockExtension idp = WireMockExtension.newInstance().options(WireMockConfiguration.options().dynamicPort()).build();

  @Test
  void withOnlyTheIssuerTheKeysComeFromItsDiscoveryDocumentAndTheIssuerIsChecked() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("acme-1").generate();
    String issuer = idp.baseUrl() + "/realms/acme";
    idp.stubFor(get("/realms/acme/.well-known/openid-configuration").willReturn(okJson("""
        {"issuer": "%s", "jwks_uri": "%s/protocol/openid-connect/certs", "authorization_endpoint": "%s/protocol/openid-connect/auth",
         "token_endpoint": "%s/protocol/openid-connect/token", "id_token_signing_alg_values_supported": ["RS256"],
         "subject_types_supported": ["public"], "response_types_supported": ["code"]}""".formatted(issuer, issuer, issuer, issuer))));
    idp.stubFor(get("/realms/acme/protocol/openid-connect/certs").willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
    AuthenticationProvider provider = AccessSecurity.jwtProvider(new SecuritySettings.OidcSettings(issuer, null, null, null, null));

    String dana = PlannerAccessTest.jwt(issuer, Instant.now().plusSeconds(600), key, "dana", List.of("approver", "offline_access"), List.of("/payments"));
    CallerAuthentication caller = (CallerAuthentication) provider.authenticate(new BearerTokenAuthenticationToken(dana));
    assertThat(caller.caller()).isEqualTo(new Caller("dana", Set.of(Role.APPROVER), Set.of("payments")));
    idp.verify(getRequestedFor(urlEqualTo("/realms/acme/.well-known/openid-configuration")));

    // another issuer's token, and one signed by a key the provider does not list, are refused
    String elsewhere = PlannerAccessTest.jwt("https://id.example.com/realms/other", Instant.now().plusSeconds(600), key, "eve", List.of("admin"), List.of());
    assertThatThrownBy(() -> provider.authenticate(new BearerTokenAuthenticationToken(elsewhere))).isInstanceOf(AuthenticationException.class);
    RSAKey foreign = new RSAKeyGenerator(2048).keyID("acme-1").generate();
    String forged = PlannerAccessTest.jwt(issuer, Instant.now().plusSeconds(600), foreign, "eve", List.of("admin"), List.of());
    assertThatThrownBy(() -> provider.authenticate(new BearerTokenAuthenticationToken(forged))).isInstanceOf(AuthenticationException.class);
  }
}
