package io.github.outbox.sample;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpInputMessage;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.util.unit.DataSize;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The limit on bodies that come with a {@code Content-Length}: one over the limit is
 * refused unread. A chunked body is limited by Jackson
 * ({@code SignupControllerTests.refusesAChunkedBodyOverTheSizeLimitAsContentTooLarge}).
 */
class RequestBodyLimitTests {

	private final RequestBodyLimit limit = new RequestBodyLimit(DataSize.ofBytes(64)) {
	};

	@Test
	void passesOnABodyUpToTheLimit() throws IOException {
		String body = "{\"email\":\"ada@example.com\",\"name\":\"" + "x".repeat(27) + "\"}";
		assertThat(body).hasSize(64);
		MockHttpInputMessage message = new MockHttpInputMessage(body.getBytes(UTF_8));
		message.getHeaders().setContentLength(64);

		HttpInputMessage read = this.limit.beforeBodyRead(message, null, Object.class, null);

		assertThat(read.getBody()).hasContent(body);
	}

	@Test
	void refusesABodyWhoseContentLengthIsOverTheLimitWithoutReadingIt() {
		CountingBody body = new CountingBody(10_000_000);
		MockHttpInputMessage message = new MockHttpInputMessage(body);
		message.getHeaders().setContentLength(10_000_000);

		assertThatExceptionOfType(RequestBodyLimit.RequestTooLarge.class)
			.isThrownBy(() -> this.limit.beforeBodyRead(message, null, Object.class, null))
			.withMessage("The request body is larger than the 64 bytes allowed");
		assertThat(body.bytesRead()).isZero();
	}

}
