package io.github.outbox.mailrelay.confirmation;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.Mail;
import io.github.outbox.mailrelay.MailComposer;
import io.github.outbox.mailrelay.MailTemplate;
import io.github.outbox.mailrelay.ReceivedEvent;

/**
 * A mail asking the user to confirm the address, for one type of
 * {@link ConfirmationEvent}, rendered from
 * {@code templates/mail/confirmation.*.mustache}. The HTML template escapes every value.
 *
 * @param <E> what is read of the event's payload
 */
abstract class ConfirmationMailComposer<E extends ConfirmationEvent> implements MailComposer {

	private static final DateTimeFormatter EXPIRY = DateTimeFormatter
		.ofPattern("d MMMM yyyy 'at' HH:mm 'UTC'", Locale.ENGLISH)
		.withZone(ZoneOffset.UTC);

	private static final MailTemplate TEMPLATE = MailTemplate.named("confirmation");

	private final JsonMapper json;

	private final String eventType;

	private final Class<E> payloadType;

	private final String subject;

	private final boolean resent;

	/**
	 * @param eventType the event type handled
	 * @param payloadType what is read of its payload
	 * @param subject the subject line
	 * @param resent whether the mail replaces an earlier link: the templates then say
	 * that the user asked for it and that earlier links no longer work
	 */
	ConfirmationMailComposer(JsonMapper json, String eventType, Class<E> payloadType, String subject, boolean resent) {
		this.json = json;
		this.eventType = eventType;
		this.payloadType = payloadType;
		this.subject = subject;
		this.resent = resent;
	}

	@Override
	public final String eventType() {
		return this.eventType;
	}

	@Override
	public final Mail compose(ReceivedEvent event) {
		E confirmation = read(event);
		Map<String, Object> values = new HashMap<>();
		values.put("name", (confirmation.name() != null) ? confirmation.name() : "there");
		values.put("link", confirmation.confirmationLink().toString());
		values.put("resent", this.resent);
		if (confirmation.confirmationExpiresAt() != null) {
			values.put("expiresAt", EXPIRY.format(confirmation.confirmationExpiresAt()));
		}
		return TEMPLATE.render(confirmation.email(), this.subject, values);
	}

	final E read(ReceivedEvent event) {
		return event.read(this.json, this.payloadType);
	}

}
