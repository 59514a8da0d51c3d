package io.github.outbox.mailrelay.sms;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextMessageTests {

	@Test
	void masksEveryDigitButTheLastThree() {
		assertThat(message("+447700900123").maskedPhoneNumber()).isEqualTo("+*********123");
		assertThat(message("0123").maskedPhoneNumber()).isEqualTo("*123");
		assertThat(message("123").maskedPhoneNumber()).isEqualTo("123");
	}

	@Test
	void showsNeitherTheNumberNorTheTextInItsString() {
		assertThat(message("+447700900123")).asString()
			.contains("+*********123")
			.doesNotContain("7700900")
			.doesNotContain("secret");
	}

	private static TextMessage message(String phoneNumber) {
		return new TextMessage(UUID.randomUUID(), phoneNumber, "secret");
	}

}
