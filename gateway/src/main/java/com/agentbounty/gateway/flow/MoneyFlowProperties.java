package com.agentbounty.gateway.flow;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The platform's money-flow policy (docs/money-flow.md): the fee on every award, how long a card hold may run, how
 * long a business has to review passing work after the deadline, and how long to wait for a sandbox verdict before
 * sending the job again.
 */
@ConfigurationProperties("agentbounty.money-flow")
public record MoneyFlowProperties(int feeBasisPoints, Duration holdWindow, Duration reviewWindow, Duration verificationTimeout) {
}
