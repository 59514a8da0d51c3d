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

class ResentConfirmationMailTests {

	private static final String LINK = "http://localhost:8080/api/signups/confirm?token=Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd8Ss7Aa6Qq5W";

	private final JsonMapper json = JsonMapper.builder().build();

	private final ConfirmationMail resentMail = ConfirmationMail.forResend(this.json);

	@Test
	void handlesConfirmationRequested() {
		assertThat(this.resentMail.eventType()).isEqualTo("ConfirmationRequested");
	}

	@Test
	void givesTheNewLinkAndSaysTheEarlierOnesNoLongerWork() throws IOException {
		Mail mail = this.resentMail
			.compose(event("ConfirmationRequested", Files.readString(ConfirmationRequestedTests.referenceDocument())));

		assertThat(mail.to()).isEqualTo("ada@example.com");
		assertThat(mail.subject()).isEqualTo("Your new confirmation link");
		assertThat(mail.text()).isEqualTo("""
				Hi Ada Lovelace,

				Here is the new confirmation link you asked for. Please confirm your email address by opening it:

				%s

				The link expires on 26 November 2026 at 12:30 UTC.

				The links we sent you before no longer work.

				If you did not ask for a new link, you can ignore this email.
				""".formatted(LINK));
		assertThat(mail.html()).contains("<p>Hi Ada Lovelace,</p>")
			.contains("<p>Here is the new confirmation link you asked for.")
			.contains("<a href=\"" + Escapers.HTML.escape(LINK) + "\">")
			.contains("<p>The links we sent you before no longer work.</p>")
			.doesNotContain("Thanks for signing up");
	}

	@Test
	void leavesTheSignupMailAsItWas() throws IOException {
		Mail mail = ConfirmationMail.forRegistration(this.json)
			.compose(event("UserRegistered", Files.readString(UserRegisteredTests.referenceDocument())));

		assertThat(mail.text()).isEqualTo("""
				Hi Ada Lovelace,

				Thanks for signing up. Please confirm your email address by opening this link:

				http://localhost:8080/api/signups/confirm?token=q2W3e4R5t6Y7u8I9o0P1a2S3d4F5g6H7j8K9l0Z1x2C

				The link expires on 26 November 2026 at 11:00 UTC.

				If you did not sign up, you can ignore this email.
				""");
		assertThat(mail.html()).doesNotContain("asked for").doesNotContain("no longer work");
	}

	private static ReceivedEvent event(String type, String json) {
		return new ReceivedEvent(UUID.randomUUID(), type, "user-1", json.getBytes(UTF_8), "outbox.event.User-0@0");
	}

}
