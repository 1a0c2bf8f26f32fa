package com.agentbounty.gateway.security;

import com.agentbounty.events.identity.UserId;

/** Who makes the current request, as its access token says. Controllers take it as a parameter. */
public record Caller(UserId id, Role role) {
}
