package io.github.outbox.sample.signup;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

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
 * that email.
 */
@RestController
@RequestMapping("/api/signups")
class SignupController {

	private final UserRegistration registration;

	private final AccountConfirmation confirmation;

	SignupController(UserRegistration registration, AccountConfirmation confirmation) {
		this.registration = registration;
		this.confirmation = confirmation;
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

	@ExceptionHandler
	ProblemDetail refused(SignupFailure failure) {
		return ProblemDetail.forStatusAndDetail(failure.status(), failure.getMessage());
	}

	record SignupResponse(UUID userId, String email, String status) {
	}

	record ConfirmationResponse(UUID userId, String status) {
	}

}
