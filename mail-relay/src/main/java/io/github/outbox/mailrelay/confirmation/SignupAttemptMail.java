package io.github.outbox.mailrelay.confirmation;

import java.util.HashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import io.github.outbox.mailrelay.Mail;
import io.github.outbox.mailrelay.MailComposer;
import io.github.outbox.mailrelay.MailTemplate;
import io.github.outbox.mailrelay.ReceivedEvent;

/**
 * The mail to the owner of an account when someone signed up with its address, rendered
 * from {@code templates/mail/signup-attempt.*.mustache}. The sign-up's answer is the same
 * as for a new address, so this mail is how the owner learns of it; it carries nothing
 * the caller sent.
 */
@Component
class SignupAttemptMail implements MailComposer {

	static final String SUBJECT = "Someone tried to sign up with your address";

	private static final MailTemplate TEMPLATE = MailTemplate.named("signup-attempt");

	private final JsonMapper json;

	SignupAttemptMail(JsonMapper json) {
		this.json = json;
	}

	@Override
	public String eventType() {
		return "SignupAttempted";
	}

	@Override
	public Mail compose(ReceivedEvent event) {
		SignupAttempted attempt = read(event);
		Map<String, Object> values = new HashMap<>();
		values.put("name", (attempt.name() != null) ? attempt.name() : "there");
		values.put("unconfirmed", !attempt.confirmed());
		if (attempt.attemptedAt() != null) {
			values.put("attemptedAt", MailTemplate.TIME.format(attempt.attemptedAt()));
		}
		return TEMPLATE.render(attempt.email(), SUBJECT, values);
	}

	SignupAttempted read(ReceivedEvent event) {
		return event.read(this.json, SignupAttempted.class);
	}

}
