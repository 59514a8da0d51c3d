package io.github.outbox.mailrelay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of mail-relay's health, bound from {@code mail-relay.health.*}.
 *
 * @param stalledAfter how long a record may keep failing before the health turns
 * {@code DOWN}
 */
@ConfigurationProperties("mail-relay.health")
record MailRelayHealthProperties(@DefaultValue("1m") Duration stalledAfter) {

	MailRelayHealthProperties {
		MailRelayProperties.requirePositive("mail-relay.health.stalled-after", stalledAfter);
	}

}
