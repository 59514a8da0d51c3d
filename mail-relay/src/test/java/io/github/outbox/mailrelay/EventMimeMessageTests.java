package io.github.outbox.mailrelay;

import java.io.ByteArrayOutputStream;
import java.util.Properties;

import jakarta.mail.Session;
import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class EventMimeMessageTests {

	private static final String MESSAGE_ID = "<3f8a4c1e-1b9d-4a57-8c1f-2e6b0d9a7c55@mail-relay.local>";

	@Test
	void keepsItsMessageIdWhenSaved() throws Exception {
		EventMimeMessage message = new EventMimeMessage(Session.getInstance(new Properties()), MESSAGE_ID);
		message.setText("Hello", "UTF-8");

		message.saveChanges();
		message.saveChanges();

		assertThat(message.getMessageID()).isEqualTo(MESSAGE_ID);
		ByteArrayOutputStream written = new ByteArrayOutputStream();
		message.writeTo(written);
		assertThat(written.toString(UTF_8)).contains("Message-ID: " + MESSAGE_ID);
	}

}
