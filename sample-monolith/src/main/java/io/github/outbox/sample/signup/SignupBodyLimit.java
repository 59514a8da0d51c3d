package io.github.outbox.sample.signup;

import org.springframework.web.bind.annotation.ControllerAdvice;

import io.github.outbox.sample.RequestBodyLimit;

/**
 * Refuses a sign-up body larger than {@code sample.signup.max-request-size} with
 * {@code 413} ({@link RequestBodyLimit}).
 */
@ControllerAdvice(assignableTypes = SignupController.class)
class SignupBodyLimit extends RequestBodyLimit {

	SignupBodyLimit(SignupProperties settings) {
		super(settings.maxRequestSize());
	}

}
