package io.github.outbox.sample;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses a request body larger than a feature's limit with {@code 413} before it is
 * parsed. The servlet container does not limit a JSON body and the binding ignores
 * unknown fields: without this, a request padded with megabytes of JSON would be parsed
 * in full and accepted. Jackson's {@code StreamReadConstraints.maxDocumentLength} could
 * stop such a body too, but only once it has read that much, for every endpoint of the
 * one mapper, and as a parse error rather than a {@code 413}. Here each feature has a
 * limit of its own, and a body with a {@code Content-Length} over it is refused unread,
 * before any of it is taken off the connection; a chunked one is read up to the limit.
 * <p>
 * Each feature declares its own limit as a {@code @ControllerAdvice} subclass for its
 * controllers, with the limit from its settings.
 */
public abstract class RequestBodyLimit extends RequestBodyAdviceAdapter {

	private final DataSize limit;

	protected RequestBodyLimit(DataSize limit) {
		this.limit = limit;
	}

	/**
	 * Checks a limit when its settings are bound, so that a bad value stops the start-up.
	 * @param setting the name of the setting, for the message
	 * @param limit its value
	 * @return the limit
	 */
	public static DataSize requireReadable(String setting, DataSize limit) {
		if (limit.toBytes() < 1 || limit.toBytes() >= Integer.MAX_VALUE) {
			throw new IllegalArgumentException(setting + " must be between 1B and 2GB, was " + limit);
		}
		return limit;
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
			throw new RequestTooLarge(this.limit);
		}
		byte[] body = message.getBody().readNBytes((int) max + 1);
		if (body.length > max) {
			throw new RequestTooLarge(this.limit);
		}
		return new ReadBody(message.getHeaders(), body);
	}

	@ExceptionHandler
	ProblemDetail refused(RequestTooLarge failure) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, failure.getMessage());
	}

	/** A request body over the limit; answered with {@code 413}. */
	public static final class RequestTooLarge extends RuntimeException {

		RequestTooLarge(DataSize limit) {
			super("The request body is larger than the " + limit.toBytes() + " bytes allowed");
		}

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
