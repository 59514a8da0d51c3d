package io.github.outbox.mailrelay.confirmation;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The mail asking a newly registered user to confirm the account.
 */
@Component
class ConfirmationMail extends ConfirmationMailComposer<UserRegistered> {

	static final String SUBJECT = "Confirm your account";

	ConfirmationMail(JsonMapper json) {
		super(json, "UserRegistered", UserRegistered.class, SUBJECT, false);
	}

}
