package io.github.outbox.mailrelay.confirmation;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.github.outbox.mailrelay.ContractDocuments;
import io.github.outbox.mailrelay.Mail;
import io.github.outbox.mailrelay.MalformedEventException;
import io.github.outbox.mailrelay.ReceivedEvent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The mail to an account's owner when someone signed up with its address, and the JSON
 * shape of {@code SignupAttempted} against the reference document the publisher is tested
 * against too.
 */
class SignupAttemptMailTests {

	private final SignupAttemptMail mail = new SignupAttemptMail(JsonMapper.builder().build());

	@Test
	void handlesSignupAttempted() {
		assertThat(this.mail.eventType()).isEqualTo("SignupAttempted");
	}

	@Test
	void readsTheReferenceDocument() throws IOException {
		SignupAttempted attempt = this.mail.read(event(Files.readString(ContractDocuments.of("SignupAttempted"))));

		assertThat(attempt.userId()).isEqualTo(UUID.fromString("0b7e9c1e-2f0a-4d5c-9a53-6a0f3f4b8d21"));
		assertThat(attempt.email()).isEqualTo("ada@example.com");
		assertThat(attempt.name()).isEqualTo("Ada Lovelace");
		assertThat(attempt.confirmed()).isTrue();
		assertThat(attempt.attemptedAt()).isEqualTo(Instant.parse("2026-11-26T12:30:00Z"));
	}

	@Test
	void tellsTheOwnerThatSomeoneTriedToSignUpAndThatNothingChanged() throws IOException {
		Mail composed = this.mail.compose(event(Files.readString(ContractDocuments.of("SignupAttempted"))));

		assertThat(composed.to()).isEqualTo("ada@example.com");
		assertThat(composed.subject()).isEqualTo(SignupAttemptMail.SUBJECT);
		assertThat(composed.text()).startsWith("Hi Ada Lovelace,")
			.contains("on 26 November 2026 at 12:30 UTC")
			.contains("no new account was made")
			.contains("nothing has changed")
			.doesNotContain("not confirmed yet");
		assertThat(composed.html()).contains("<p>Hi Ada Lovelace,</p>").contains("no new account was made");
	}

	@Test
	void saysHowToConfirmWhenTheAccountIsNotConfirmedYet() {
		Mail composed = this.mail.compose(event("""
				{"email": "ada@example.com", "name": "Ada", "confirmed": false}"""));

		assertThat(composed.text()).contains("not confirmed yet").contains("new confirmation link");
	}

	@Test
	void escapesTheNameInTheHtmlMail() {
		Mail composed = this.mail.compose(event("""
				{"email": "ada@example.com", "name": "<script>x</script>", "confirmed": true}"""));

		assertThat(composed.html()).doesNotContain("<script>").contains("&lt;script&gt;");
	}

	@Test
	void rejectsAPayloadWithoutAValidEmail() {
		assertThatExceptionOfType(MalformedEventException.class)
			.isThrownBy(() -> this.mail.compose(event("{\"name\": \"Ada\", \"confirmed\": true}")));
		assertThatExceptionOfType(MalformedEventException.class).isThrownBy(() -> this.mail
			.compose(event("{\"email\": \"Ada <ada@example.com>, eve@example.com\", \"confirmed\": true}")));
	}

	private static ReceivedEvent event(String json) {
		return new ReceivedEvent(UUID.randomUUID(), "SignupAttempted", "user-1", json.getBytes(UTF_8),
				"outbox.event.User-0@0");
	}

}
