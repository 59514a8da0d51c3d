package io.github.outbox.sample.signup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses a request body larger than {@code sample.signup.max-request-size} with
 * {@code 413} before it is parsed. Neither the servlet container nor Jackson limits a
 * JSON body, and the binding ignores unknown fields: without this, a sign-up padded with
 * megabytes of JSON would be parsed in full and accepted. A body with a
 * {@code Content-Length} over the limit is refused unread; a chunked one is read up to
 * the limit.
 */
@ControllerAdvice(assignableTypes = SignupController.class)
class RequestBodyLimit extends RequestBodyAdviceAdapter {

	private final DataSize limit;

	RequestBodyLimit(SignupSettings settings) {
		this.limit = settings.maxRequestSize();
	}

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
		long max = this.limit.toBytes();
		if (message.getHeaders().getContentLength() > max) {
			throw new SignupFailure.RequestTooLarge(this.limit);
		}
		byte[] body = message.getBody().readNBytes((int) max + 1);
		if (body.length > max) {
			throw new SignupFailure.RequestTooLarge(this.limit);
		}
		return new ReadBody(message.getHeaders(), body);
	}

	private record ReadBody(HttpHeaders headers, byte[] body) implements HttpInputMessage {

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.body);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
