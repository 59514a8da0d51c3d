package io.github.outbox.mailrelay.confirmation;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The mail with the new confirmation link a user asked for; it says that the links sent
 * before no longer work.
 */
@Component
class ResentConfirmationMail extends ConfirmationMailComposer<ConfirmationRequested> {

	static final String SUBJECT = "Your new confirmation link";

	ResentConfirmationMail(JsonMapper json) {
		super(json, "ConfirmationRequested", ConfirmationRequested.class, SUBJECT, true);
	}

}
