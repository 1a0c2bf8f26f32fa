package com.agentbounty.gateway.security;

import com.agentbounty.events.identity.UserId;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.Optional;

/** Who makes the current request, as its access token says. Controllers take it as a parameter. */
public record Caller(UserId id, Role role) {

    /** The caller an authentication stands for (its role is the ROLE_... authority); empty when not signed in. */
    public static Optional<Caller> of(Authentication authentication) {
        if (authentication == null) {
            return Optional.empty();
        }
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> new Caller(new UserId(authentication.getName()), Role.valueOf(authority.substring("ROLE_".length()))))
                .findFirst();
    }

    public boolean may(Permission permission) {
        return role.permissions().contains(permission);
    }
}
