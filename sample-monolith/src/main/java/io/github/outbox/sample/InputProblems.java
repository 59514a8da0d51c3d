package io.github.outbox.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every refused request is answered as {@code application/problem+json} (RFC 9457), and a
 * refusal of the client's input names each field and the rule it breaks in an
 * {@code errors} member: {@code [{"pointer": "/email", "detail": "must …"}]}, the pointer
 * a JSON Pointer into the body (or the name of the query parameter). Domain refusals are
 * {@link org.springframework.web.ErrorResponseException}s with their own status. A
 * client's bad input is logged at DEBUG, without a stack trace.
 */
@RestControllerAdvice
public class InputProblems extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(InputProblems.class);

	private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*?)\"");

	/** Jackson's refusal of a body over its {@code maxDocumentLength}, with the limit. */
	private static final Pattern TOO_LONG = Pattern
		.compile("^Document length \\(\\d+\\) exceeds the maximum allowed \\((\\d+)");

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.add(error(pointer(error.getField()), String.valueOf(error.getDefaultMessage())));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors.add(error("", String.valueOf(error.getDefaultMessage()))));
		return refused(ex, errors, headers, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.getMostSpecificCause() instanceof StreamConstraintsException constraint) {
			Matcher tooLong = TOO_LONG.matcher(String.valueOf(constraint.getOriginalMessage()));
			if (tooLong.find()) {
				long limit = Long.parseLong(tooLong.group(1));
				return new ResponseEntity<>(tooLarge(new RequestBodyLimit.RequestTooLarge(limit)), headers,
						HttpStatus.CONTENT_TOO_LARGE);
			}
		}
		return refused(ex, List.of(jsonError(ex)), headers, request);
	}

	/**
	 * A body over its limit: refused unread on its {@code Content-Length}
	 * ({@link RequestBodyLimit}), or by Jackson once it has read past it.
	 */
	@ExceptionHandler
	ProblemDetail tooLarge(RequestBodyLimit.RequestTooLarge ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
	}

	/**
	 * A query string the container cannot decode, such as {@code token=%ff%fe}: bytes
	 * that are not UTF-8.
	 */
	@ExceptionHandler
	ResponseEntity<Object> refused(InvalidParameterException ex, WebRequest request) {
		return refused(ex,
				List.of(error("",
						"must be a query string of percent-encoded UTF-8 (application/x-www-form-urlencoded)")),
				new HttpHeaders(), request);
	}

	private ResponseEntity<Object> refused(Exception ex, List<Map<String, String>> errors, HttpHeaders headers,
			WebRequest request) {
		logger.debug("Refused {}: {}", request.getDescription(false), errors);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, summary(errors));
		problem.setTitle("Invalid request content");
		problem.setProperty("errors", errors);
		return new ResponseEntity<>(problem, headers, HttpStatus.BAD_REQUEST);
	}

	private static String summary(List<Map<String, String>> errors) {
		StringBuilder summary = new StringBuilder();
		for (Map<String, String> error : errors) {
			if (!summary.isEmpty()) {
				summary.append("; ");
			}
			String pointer = error.get("pointer");
			summary.append(pointer.isEmpty() ? "the request" : pointer.substring(1).replace('/', '.'))
				.append(' ')
				.append(error.get("detail"));
		}
		return summary.toString();
	}

	private static Map<String, String> jsonError(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return error(pointer(unknown.getPath()), "is not a field of this request");
		}
		if (cause instanceof InvalidFormatException invalid) {
			return error(pointer(invalid.getPath()), "must be " + kind(invalid.getTargetType()));
		}
		if (cause instanceof MismatchedInputException mismatched) {
			return error(pointer(mismatched.getPath()), "must be " + kind(mismatched.getTargetType()));
		}
		if (cause instanceof StreamReadException read) {
			Matcher duplicate = DUPLICATE.matcher(String.valueOf(read.getOriginalMessage()));
			if (duplicate.find()) {
				return error(parentPointer(read) + "/" + duplicate.group(1), "must not appear twice in one object");
			}
			return error("", "must be well-formed JSON");
		}
		if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
			return error(pointer(json.getPath()), "is not valid here");
		}
		return error("", "must be a JSON object of this request's fields");
	}

	/** The kind of JSON value a type is read from, as a client would say it. */
	private static String kind(@Nullable Class<?> type) {
		if (type == null) {
			return "a value of the right type";
		}
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class
				|| type == short.class || type == Short.class) {
			return "a whole number, without a fraction and not in quotes";
		}
		if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
			return "a number, not in quotes";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type == java.util.UUID.class) {
			return "a UUID string, such as 0b7e9c1e-2f0a-4d5c-9a53-6a0f3f4b8d21";
		}
		if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		return "an object";
	}

	/** The pointer of the object the parser was in when it failed, from its context. */
	private static String parentPointer(StreamReadException ex) {
		JsonParser parser = ex.processor();
		if (parser != null && parser.streamReadContext() != null && parser.streamReadContext().getParent() != null) {
			return parser.streamReadContext().getParent().pathAsPointer().toString();
		}
		return "";
	}

	private static String pointer(List<JacksonException.Reference> path) {
		StringBuilder pointer = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			pointer.append('/')
				.append((reference.getPropertyName() != null) ? escaped(reference.getPropertyName())
						: reference.getIndex());
		}
		return pointer.toString();
	}

	/** A bound field's path, {@code lines[0].quantity}, as a JSON Pointer. */
	private static String pointer(String field) {
		return "/" + field.replace("[", ".").replace("]", "").replace('.', '/');
	}

	private static String escaped(String name) {
		return name.replace("~", "~0").replace("/", "~1");
	}

	private static Map<String, String> error(String pointer, String detail) {
		return Map.of("pointer", pointer, "detail", detail);
	}

}
