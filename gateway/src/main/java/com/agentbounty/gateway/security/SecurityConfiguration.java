package com.agentbounty.gateway.security;

import com.agentbounty.gateway.ratelimit.RateLimitFilter;
import com.agentbounty.gateway.ratelimit.RateLimitProperties;
import com.agentbounty.gateway.ratelimit.TokenLeases;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.jackson2.SecurityJackson2Modules;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.data.redis.serializer.GenericJackson2JsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The request pipeline's security: headers on every answer, bearer access tokens (JWT, HS256 pinned, issuer,
 * audience and type checked, key chosen by key id), permissions as authorities, and method security so that each
 * endpoint states its permission. API clients send bearer tokens; the web app signs in to a session instead
 * (an HttpOnly, SameSite=Strict cookie, the session in Redis for 24 hours), and every unsafe request that carries
 * that cookie must also carry the CSRF token (double-submit: cookie {@code XSRF-TOKEN}, header {@code X-XSRF-TOKEN}).
 */
@Configuration
@EnableMethodSecurity(jsr250Enabled = true)
@EnableConfigurationProperties({TokenProperties.class, RateLimitProperties.class})
public class SecurityConfiguration implements WebMvcConfigurer {

    static final String ACCESS_TOKEN_TYPE = "at+jwt";
    public static final String SESSION_COOKIE = "AB_SESSION";
    static final String ROLE_CLAIM = "role";
    /** About one per signed-in client active within an access token's lifetime; a token is about 0.5 KB. */
    private static final int VERIFIED_TOKENS_KEPT = 20_000;

    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder jwtDecoder, SecurityErrors errors, RateLimitFilter rateLimits,
                                    SecurityContextRepository sessions) throws Exception {
        return http
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(SecurityConfiguration::isUnsafeWithSessionCookie))
                // Only the session sign-in creates a session; bearer calls never do.
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .securityContext(context -> context.securityContextRepository(sessions))
                .cors(cors -> { })
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        // Sent on plain HTTP too: TLS usually ends at a proxy in front of us.
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)
                                .requestMatcher(AnyRequestMatcher.INSTANCE)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/health", "/api/health/**", "/api/ready", "/api/metrics").permitAll()
                        .requestMatchers("/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/auth/session").permitAll()
                        .requestMatchers("/error").permitAll()
                        // Signed, expiring artifact links of the local store: the signature is the permission.
                        .requestMatchers(HttpMethod.GET, "/api/artifacts/**").permitAll()
                        // Stripe's webhooks: the signature on the raw body is the permission (checked by the controller).
                        .requestMatchers(HttpMethod.POST, "/api/webhooks/stripe").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        // The web app's static files.
                        .anyRequest().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(SecurityConfiguration::authentication))
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .addFilterAfter(rateLimits, BearerTokenAuthenticationFilter.class)
                .build();
    }

    /** A cookie is what a forged cross-site request can ride on; bearer tokens are never sent by the browser itself. */
    private static boolean isUnsafeWithSessionCookie(HttpServletRequest request) {
        boolean safe = switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> true;
            default -> false;
        };
        return !safe && request.getCookies() != null
                && Arrays.stream(request.getCookies()).anyMatch(cookie -> SESSION_COOKIE.equals(cookie.getName()));
    }

    /** The role claim becomes the role's permissions: a token never carries permissions of its own. */
    private static AbstractAuthenticationToken authentication(Jwt jwt) {
        return new JwtAuthenticationToken(jwt, authorities(Role.fromClaim(jwt.getClaimAsString(ROLE_CLAIM))), jwt.getSubject());
    }

    /** The role's permissions, plus the role itself (ROLE_...) so the caller's role can be read back. */
    public static List<SimpleGrantedAuthority> authorities(Role role) {
        return Stream.concat(Stream.of("ROLE_" + role.name()), role.permissions().stream().map(Permission::authority))
                .map(SimpleGrantedAuthority::new)
                .toList();
    }

    /**
     * No Micrometer observation around each of the chain's filters, nor per authentication or authorization: about a
     * dozen timers per request that nothing reads (docs/benchmarks.md "Read cache"). {@code http.server.requests}
     * still times every request.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    CookieSerializer cookieSerializer(@Value("${agentbounty.security.session.secure-cookie:true}") boolean secure) {
        var cookie = new DefaultCookieSerializer();
        cookie.setCookieName(SESSION_COOKIE);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Strict");
        cookie.setUseSecureCookie(secure);
        cookie.setCookiePath("/");
        return cookie;
    }

    /** Sessions are stored as JSON with Spring Security's allow-listed types, never as Java serialisation. */
    @Bean
    RedisSerializer<Object> springSessionDefaultRedisSerializer() {
        var mapper = new ObjectMapper();
        mapper.registerModules(SecurityJackson2Modules.getModules(getClass().getClassLoader()));
        return new GenericJackson2JsonRedisSerializer(mapper);
    }

    /** Built here, not as a component, so that it runs only inside the security chain and not a second time as a servlet filter. */
    @Bean
    RateLimitFilter rateLimitFilter(TokenLeases tokens, RateLimitProperties properties, ObjectMapper json, MeterRegistry meters) {
        return new RateLimitFilter(tokens, properties, json, meters);
    }

    @Bean
    SigningKeys signingKeys(TokenProperties properties, @Value("${agentbounty.mode:local}") String mode) {
        return SigningKeys.from(properties, "external".equalsIgnoreCase(mode));
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, TokenProperties properties) {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableJWKSet<>(keys.keys())));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(ACCESS_TOKEN_TYPE)));
        var decoder = new NimbusJwtDecoder(processor);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, audience -> audience != null && audience.contains(properties.audience())),
                new JwtClaimValidator<String>(ROLE_CLAIM, role -> role != null && isRole(role)));
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, VERIFIED_TOKENS_KEPT);
    }

    private static boolean isRole(String claim) {
        try {
            Role.fromClaim(claim);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Bean
    JwtEncoder jwtEncoder(SigningKeys keys) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(keys.keys()));
    }

    /** Browsers may call the API only from the origins listed in {@code AGENTBOUNTY_CORS_ALLOWED_ORIGINS} (comma-separated). */
    @Bean
    CorsConfigurationSource corsConfigurationSource(@Value("${agentbounty.security.cors.allowed-origins:}") List<String> origins) {
        var cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
        cors.setMaxAge(3600L);
        var source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return source;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // bcrypt today, and hashes name their algorithm, so a later upgrade re-hashes at the next login.
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Caller.class;
            }

            @Override
            public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                          NativeWebRequest request, WebDataBinderFactory binders) {
                return Caller.of(SecurityContextHolder.getContext().getAuthentication()).orElseThrow(() ->
                        new IllegalStateException("A Caller parameter on an endpoint that does not require authentication"));
            }
        });
    }
}
