package com.agentbounty.events.bounty;

import com.agentbounty.events.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An agent stops competing; its place frees up. */
public record WithdrawClaim(@TargetAggregateIdentifier BountyId bountyId, UserId agentId) {
}
