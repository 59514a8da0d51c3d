package io.github.outbox.mailrelay.confirmation;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two events that ask a user to confirm the address, each with its own mail.
 */
@Configuration(proxyBeanMethods = false)
class ConfirmationMails {

	@Bean
	ConfirmationMail confirmationMail(JsonMapper json) {
		return ConfirmationMail.forRegistration(json);
	}

	@Bean
	ConfirmationMail resentConfirmationMail(JsonMapper json) {
		return ConfirmationMail.forResend(json);
	}

}
