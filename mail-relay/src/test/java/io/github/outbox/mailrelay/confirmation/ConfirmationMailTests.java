package io.github.outbox.mailrelay.confirmation;

import java.io.IOException;
import java.nio.file.Files;
import java.util.UUID;

import com.samskivert.mustache.Escapers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.Mail;
import io.github.outbox.mailrelay.ReceivedEvent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

class ConfirmationMailTests {

	private static final String LINK = "http://localhost:8080/api/signups/confirm?token=q2W3e4R5t6Y7u8I9o0P1a2S3d4F5g6H7j8K9l0Z1x2C";

	private final ConfirmationMail confirmationMail = ConfirmationMail.forRegistration(JsonMapper.builder().build());

	@Test
	void handlesUserRegistered() {
		assertThat(this.confirmationMail.eventType()).isEqualTo("UserRegistered");
	}

	@Test
	void greetsTheUserAndGivesTheLinkAndItsExpiry() throws IOException {
		Mail mail = compose(Files.readString(UserRegisteredTests.referenceDocument()));

		assertThat(mail.to()).isEqualTo("ada@example.com");
		assertThat(mail.subject()).isEqualTo("Confirm your account");
		assertThat(mail.text()).startsWith("Hi Ada Lovelace,")
			.contains(LINK)
			.contains("The link expires on 26 November 2026 at 11:00 UTC.");
		assertThat(mail.html()).contains("<p>Hi Ada Lovelace,</p>")
			.contains("<a href=\"" + Escapers.HTML.escape(LINK) + "\">")
			.contains("The link expires on 26 November 2026 at 11:00 UTC.");
	}

	@Test
	void escapesTheNameInHtmlButNotInText() {
		Mail mail = compose("""
				{"email": "eve@example.com", "name": "Eve <script>alert('x')</script> & Co",
				 "confirmationLink": "https://example.com/confirm?token=t&next=it's"}""");

		assertThat(mail.html()).doesNotContain("<script>")
			.contains("Hi Eve &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co,")
			.contains("href=\"https://example.com/confirm?token&#x3D;t&amp;next&#x3D;it&#39;s\"");
		assertThat(mail.text()).startsWith("Hi Eve <script>alert('x')</script> & Co,");
	}

	@Test
	void greetsWithoutANameAndLeavesOutAMissingExpiry() {
		Mail mail = compose("""
				{"email": "ada@example.com", "confirmationLink": "https://example.com/confirm?token=t"}""");

		assertThat(mail.text()).startsWith("Hi there,").doesNotContain("expires");
		assertThat(mail.html()).contains("<p>Hi there,</p>").doesNotContain("expires");
	}

	private Mail compose(String json) {
		return this.confirmationMail.compose(new ReceivedEvent(UUID.randomUUID(), "UserRegistered", "user-1",
				json.getBytes(UTF_8), "outbox.event.User-0@0"));
	}

}
