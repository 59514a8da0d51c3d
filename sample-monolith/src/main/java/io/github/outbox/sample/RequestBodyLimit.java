package io.github.outbox.sample;

import java.lang.reflect.Type;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses a request body larger than a feature's limit with {@code 413}. The servlet
 * container does not limit a JSON body and the binding ignores unknown fields: without a
 * limit, a request padded with megabytes of JSON would be parsed in full and accepted.
 * <p>
 * A body whose {@code Content-Length} is over the feature's limit is refused here,
 * unread, before any of it is taken off the connection. A body without one (chunked) is
 * limited by Jackson: {@link StrictJson} sets
 * {@code StreamReadConstraints.maxDocumentLength} of the mapper that reads request bodies
 * to the largest of the features' limits, and {@link InputProblems} answers Jackson's
 * refusal with the same {@code 413}. Jackson checks the length only as it refills its
 * 8,000-byte input buffer, against the bytes it has parsed, so it reads a chunked body up
 * to two buffers (16,000 bytes) past the limit.
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

	long bytes() {
		return this.limit.toBytes();
	}

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		if (message.getHeaders().getContentLength() > bytes()) {
			throw new RequestTooLarge(bytes());
		}
		return message;
	}

	/**
	 * A request body over the limit; answered with {@code 413} ({@link InputProblems}).
	 */
	public static final class RequestTooLarge extends RuntimeException {

		RequestTooLarge(long limit) {
			super("The request body is larger than the " + limit + " bytes allowed");
		}

	}

}
