package io.github.outbox.sample.signup;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/signups} registers a user and answers at once; the confirmation email
 * follows through the outbox. {@code GET /api/signups/confirm?token=…} is the link in
 * that email. {@code POST /api/signups/confirmation-requests} sends a new link, within a
 * limit per address, and answers the same whatever the address.
 */
@RestController
@RequestMapping("/api/signups")
class SignupController {

	static final String RESEND_ACCEPTED = "If this address has an account that awaits confirmation, "
			+ "a new confirmation link is on its way; links sent before no longer work";

	private final UserRegistration registration;

	private final AccountConfirmation confirmation;

	private final ConfirmationResend resend;

	SignupController(UserRegistration registration, AccountConfirmation confirmation, ConfirmationResend resend) {
		this.registration = registration;
		this.confirmation = confirmation;
		this.resend = resend;
	}

	@PostMapping
	ResponseEntity<SignupResponse> signUp(@Valid @RequestBody SignupRequest request) {
		UserRegistered registered = this.registration.register(request);
		return ResponseEntity.created(URI.create("/api/users/" + registered.userId()))
			.body(new SignupResponse(registered.userId(), registered.email(), "PENDING_CONFIRMATION"));
	}

	@GetMapping("/confirm")
	ConfirmationResponse confirm(@RequestParam String token) {
		return new ConfirmationResponse(this.confirmation.confirm(token), "CONFIRMED");
	}

	@PostMapping("/confirmation-requests")
	ResponseEntity<ResendResponse> requestConfirmationLink(@Valid @RequestBody ConfirmationLinkRequest request) {
		this.resend.request(request.email());
		return ResponseEntity.accepted().body(new ResendResponse(RESEND_ACCEPTED));
	}

	@ExceptionHandler
	ProblemDetail refused(SignupFailure failure) {
		return ProblemDetail.forStatusAndDetail(failure.status(), failure.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(SignupFailure.TooManyConfirmationRequests failure) {
		return ResponseEntity.status(failure.status())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(failure.retryAfterSeconds()))
			.body(ProblemDetail.forStatusAndDetail(failure.status(), failure.getMessage()));
	}

	record SignupResponse(UUID userId, String email, String status) {
	}

	record ConfirmationResponse(UUID userId, String status) {
	}

	record ResendResponse(String detail) {
	}

}
