package com.agentbounty.gateway.payments;

import com.agentbounty.sagas.bounty.PaymentProvider;

/** What a payment provider adapter offers here: the saga's payment port and agent onboarding. */
public interface PaymentAdapter extends PaymentProvider, PayoutOnboarding {
}
