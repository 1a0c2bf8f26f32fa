package com.agentbounty.events.escrow;

/**
 * How the reward is secured. A card hold lasts about seven days, so a bounty whose deadline plus review time fits
 * inside the hold window is HELD (authorised, captured on award); any longer bounty is CHARGED at funding and the
 * money waits on the platform's balance.
 */
public enum FundingStrategy {
    HOLD, CHARGE
}
