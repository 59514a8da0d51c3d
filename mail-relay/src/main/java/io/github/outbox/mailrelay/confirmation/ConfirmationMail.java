package io.github.outbox.mailrelay.confirmation;

import java.util.HashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.Mail;
import io.github.outbox.mailrelay.MailComposer;
import io.github.outbox.mailrelay.MailTemplate;
import io.github.outbox.mailrelay.ReceivedEvent;

/**
 * A mail asking the user to confirm the address, for one event type whose payload is a
 * {@link ConfirmationPayload}, rendered from
 * {@code templates/mail/confirmation.*.mustache}. The HTML template escapes every value.
 * {@link ConfirmationMails} declares one for each such event type.
 */
final class ConfirmationMail implements MailComposer {

	private static final MailTemplate TEMPLATE = MailTemplate.named("confirmation");

	private final JsonMapper json;

	private final String eventType;

	private final String subject;

	private final boolean resent;

	/**
	 * @param eventType the event type handled
	 * @param subject the subject line
	 * @param resent whether the mail replaces an earlier link: the templates then say
	 * that the user asked for it and that earlier links no longer work
	 */
	private ConfirmationMail(JsonMapper json, String eventType, String subject, boolean resent) {
		this.json = json;
		this.eventType = eventType;
		this.subject = subject;
		this.resent = resent;
	}

	/** The mail asking a newly registered user to confirm the account. */
	static ConfirmationMail forRegistration(JsonMapper json) {
		return new ConfirmationMail(json, "UserRegistered", "Confirm your account", false);
	}

	/**
	 * The mail with the new confirmation link a user asked for; it says that the links
	 * sent before no longer work.
	 */
	static ConfirmationMail forResend(JsonMapper json) {
		return new ConfirmationMail(json, "ConfirmationRequested", "Your new confirmation link", true);
	}

	@Override
	public String eventType() {
		return this.eventType;
	}

	@Override
	public Mail compose(ReceivedEvent event) {
		ConfirmationPayload confirmation = read(event);
		Map<String, Object> values = new HashMap<>();
		values.put("name", (confirmation.name() != null) ? confirmation.name() : "there");
		values.put("link", confirmation.confirmationLink().toString());
		values.put("resent", this.resent);
		if (confirmation.confirmationExpiresAt() != null) {
			values.put("expiresAt", MailTemplate.TIME.format(confirmation.confirmationExpiresAt()));
		}
		return TEMPLATE.render(confirmation.email(), this.subject, values);
	}

	ConfirmationPayload read(ReceivedEvent event) {
		return event.read(this.json, ConfirmationPayload.class);
	}

}
