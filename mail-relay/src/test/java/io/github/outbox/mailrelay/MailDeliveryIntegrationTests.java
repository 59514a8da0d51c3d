package io.github.outbox.mailrelay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.samskivert.mustache.Escapers;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail of each event type, and the SMS of an order, as the recipient gets them: one
 * per event, from the template of its type, with the ledger row that records it.
 */
class MailDeliveryIntegrationTests extends AbstractMailRelayIntegrationTests {

	@Test
	void sendsOneMailPerUserRegisteredEvent() throws Exception {
		UUID eventId = UUID.randomUUID();
		String email = "ada-" + eventId + "@example.com";
		String link = "https://example.com/api/signups/confirm?token=" + eventId;

		produce(UUID.randomUUID().toString(), eventId, "UserRegistered",
				confirmationPayload(email, "Ada Lovelace", link, "2026-11-26T11:00:00Z"));

		MimeMessage mail = services.awaitMail(eventId);
		assertThat(mail.getMessageID()).isEqualTo("<" + eventId + "@mail-relay.local>");
		assertThat(mail.getAllRecipients()).extracting(Address::toString).containsExactly(email);
		assertThat(mail.getFrom()).extracting(Address::toString).containsExactly("no-reply@example.com");
		assertThat(mail.getSubject()).isEqualTo("Confirm your account");
		assertThat(mail.getContentType()).startsWith("multipart/alternative");
		MimeMultipart alternatives = (MimeMultipart) mail.getContent();
		assertThat(alternatives.getCount()).isEqualTo(2);
		BodyPart text = alternatives.getBodyPart(0);
		BodyPart html = alternatives.getBodyPart(1);
		assertThat(text.getContentType()).startsWith("text/plain");
		assertThat((String) text.getContent()).contains("Hi Ada Lovelace,")
			.contains(link)
			.contains("26 November 2026 at 11:00 UTC");
		assertThat(html.getContentType()).startsWith("text/html");
		assertThat((String) html.getContent()).contains("<p>Hi Ada Lovelace,</p>")
			.contains("<a href=\"" + Escapers.HTML.escape(link) + "\">");
		Map<String, Object> sent = this.jdbc
			.sql("select event_type, recipient, message_id, sent_at from sent_mail where event_id = ?")
			.param(eventId)
			.query()
			.singleRow();
		assertThat(sent).containsEntry("event_type", "UserRegistered")
			.containsEntry("recipient", email)
			.containsEntry("message_id", mail.getMessageID());
	}

	@Test
	void sendsOneMailWithTheNewLinkPerConfirmationRequestedEvent() throws Exception {
		String userId = UUID.randomUUID().toString();
		UUID eventId = UUID.randomUUID();
		String email = "grace-" + eventId + "@example.com";
		String link = "https://example.com/api/signups/confirm?token=" + eventId + "&lang=en";
		String payload = confirmationPayload(email, "Grace Hopper", link, "2026-11-26T12:30:00Z");

		produce(userId, eventId, "ConfirmationRequested", payload);
		produce(userId, eventId, "ConfirmationRequested", payload);
		awaitMarkerMail(userId);
		awaitNoLag();

		assertThat(services.mailsWithId(eventId)).hasSize(1);
		MimeMessage mail = services.mailsWithId(eventId).get(0);
		assertThat(mail.getAllRecipients()).extracting(Address::toString).containsExactly(email);
		assertThat(mail.getSubject()).isEqualTo("Your new confirmation link");
		MimeMultipart alternatives = (MimeMultipart) mail.getContent();
		String text = (String) alternatives.getBodyPart(0).getContent();
		String html = (String) alternatives.getBodyPart(1).getContent();
		assertThat(text).contains("Hi Grace Hopper,")
			.contains("new confirmation link you asked for")
			.contains("The links we sent you before no longer work.")
			.contains("26 November 2026 at 12:30 UTC");
		// the link as sent, whole, on a line of its own in text and as the href in HTML
		assertThat(text.lines()).contains(link);
		assertThat(html).contains("<a href=\"" + Escapers.HTML.escape(link) + "\">");
		assertThat(this.jdbc.sql("select event_type from sent_mail where event_id = ?")
			.param(eventId)
			.query(String.class)
			.single()).isEqualTo("ConfirmationRequested");
		assertThat(ledgerRows(eventId)).isEqualTo(1);
	}

	@Test
	void sendsOneOrderConfirmationPerOrderPlacedEventWhenTheRecordRepeats() throws Exception {
		UUID orderId = UUID.randomUUID();
		UUID eventId = UUID.randomUUID();
		String email = "ada-" + eventId + "@example.com";
		String payload = orderPayload(orderId, email, "+447700900123");

		produceOrder(orderId, eventId, payload);
		produceOrder(orderId, eventId, payload);
		awaitMarkerOrder(orderId);
		awaitNoLag();

		assertThat(services.mailsWithId(eventId)).hasSize(1);
		MimeMessage mail = services.mailsWithId(eventId).get(0);
		assertThat(mail.getAllRecipients()).extracting(Address::toString).containsExactly(email);
		assertThat(mail.getSubject()).isEqualTo("Your order " + orderId.toString().substring(0, 8));
		MimeMultipart alternatives = (MimeMultipart) mail.getContent();
		assertThat((String) alternatives.getBodyPart(0).getContent()).contains("Hi Ada Lovelace,")
			.contains("2 x Notes on the Analytical Engine at EUR 12.50: EUR 25.00")
			.contains("1 x Fountain pen at EUR 3.20: EUR 3.20")
			.contains("Total: EUR 28.20");
		assertThat((String) alternatives.getBodyPart(1).getContent())
			.contains("<td>Notes on the Analytical Engine</td><td>2</td><td>EUR 12.50</td><td>EUR 25.00</td>");
		assertThat(ledgerRows(eventId)).isEqualTo(1);
		assertThat(sms.sentFor(eventId)).hasSize(1);
	}

	@Test
	void sendsOneMailAndOneSmsPerOrderPlacedEvent() throws Exception {
		UUID orderId = UUID.randomUUID();
		List<UUID> eventIds = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			UUID eventId = UUID.randomUUID();
			eventIds.add(eventId);
			String payload = orderPayload(orderId, "order-" + eventId + "@example.com", "+4477009001" + i + i);
			produceOrder(orderId, eventId, payload);
			produceOrder(orderId, eventId, payload);
		}
		awaitMarkerOrder(orderId);
		awaitNoLag();

		assertThat(eventIds).allSatisfy((eventId) -> {
			assertThat(services.mailsWithId(eventId)).hasSize(1);
			assertThat(ledgerRows(eventId)).isEqualTo(1);
			assertThat(sms.sentFor(eventId)).hasSize(1);
			assertThat(smsLedgerRows(eventId)).isEqualTo(1);
		});
		assertThat(sms.sentFor(eventIds.get(3))).singleElement()
			.satisfies((message) -> assertThat(message.phoneNumber()).isEqualTo("+447700900133"));
	}

	private int smsLedgerRows(UUID eventId) {
		return this.jdbc.sql("select count(*) from sent_sms where event_id = ?")
			.param(eventId)
			.query(Integer.class)
			.single();
	}

}
