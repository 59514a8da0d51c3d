package io.github.outbox.sample;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpInputMessage;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.util.unit.DataSize;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The limit on bodies that come without a {@code Content-Length}, chunked: they are read
 * up to the limit and no further.
 */
class RequestBodyLimitTests {

	private final RequestBodyLimit limit = new RequestBodyLimit(DataSize.ofBytes(64)) {
	};

	@Test
	void passesOnABodyUpToTheLimit() throws IOException {
		String body = "{\"email\":\"ada@example.com\",\"name\":\"" + "x".repeat(27) + "\"}";
		assertThat(body).hasSize(64);

		HttpInputMessage read = this.limit.beforeBodyRead(new MockHttpInputMessage(body.getBytes(UTF_8)), null,
				Object.class, null);

		assertThat(read.getBody()).hasContent(body);
	}

	@Test
	void refusesABodyOverTheLimitAfterReadingOneByteMore() {
		CountingStream body = new CountingStream(10_000_000);

		assertThatExceptionOfType(RequestBodyLimit.RequestTooLarge.class)
			.isThrownBy(() -> this.limit.beforeBodyRead(new MockHttpInputMessage(body), null, Object.class, null))
			.withMessage("The request body is larger than the 64 bytes allowed");
		assertThat(body.read).isEqualTo(65);
	}

	/** A long body of spaces that counts what was read of it. */
	private static final class CountingStream extends InputStream {

		private final long length;

		private long read;

		CountingStream(long length) {
			this.length = length;
		}

		@Override
		public int read() {
			if (this.read == this.length) {
				return -1;
			}
			this.read++;
			return ' ';
		}

	}

}
