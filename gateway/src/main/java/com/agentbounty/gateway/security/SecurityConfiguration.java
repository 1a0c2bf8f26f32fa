package com.agentbounty.gateway.security;

import com.agentbounty.events.identity.UserId;
import com.agentbounty.gateway.ratelimit.RateLimitFilter;
import com.agentbounty.gateway.ratelimit.RateLimitProperties;
import com.agentbounty.gateway.ratelimit.RedisBuckets;
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
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
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

import java.util.List;

/**
 * The request pipeline's security: headers on every answer, bearer access tokens (JWT, HS256 pinned, issuer,
 * audience and type checked, key chosen by key id), permissions as authorities, and method security so that each
 * endpoint states its permission. Sessions are stateless: no cookie authenticates anything, so CSRF cannot apply.
 */
@Configuration
@EnableMethodSecurity(jsr250Enabled = true)
@EnableConfigurationProperties({TokenProperties.class, RateLimitProperties.class})
public class SecurityConfiguration implements WebMvcConfigurer {

    static final String ACCESS_TOKEN_TYPE = "at+jwt";
    static final String ROLE_CLAIM = "role";

    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder jwtDecoder, SecurityErrors errors, RateLimitFilter rateLimits) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
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
                        .requestMatchers("/error").permitAll()
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

    /** The role claim becomes the role's permissions: a token never carries permissions of its own. */
    private static AbstractAuthenticationToken authentication(Jwt jwt) {
        Role role = Role.fromClaim(jwt.getClaimAsString(ROLE_CLAIM));
        List<SimpleGrantedAuthority> authorities = role.permissions().stream()
                .map(permission -> new SimpleGrantedAuthority(permission.authority()))
                .toList();
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    /** Built here, not as a component, so that it runs only inside the security chain and not a second time as a servlet filter. */
    @Bean
    RateLimitFilter rateLimitFilter(RedisBuckets buckets, RateLimitProperties properties, ObjectMapper json, MeterRegistry meters) {
        return new RateLimitFilter(buckets, properties, json, meters);
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
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, audience -> audience != null && audience.contains(properties.audience())),
                new JwtClaimValidator<String>(ROLE_CLAIM, role -> role != null && isRole(role))));
        return decoder;
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
                if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
                    throw new IllegalStateException("A Caller parameter on an endpoint that does not require authentication");
                }
                return new Caller(new UserId(token.getToken().getSubject()), Role.fromClaim(token.getToken().getClaimAsString(ROLE_CLAIM)));
            }
        });
    }
}
