package io.github.outbox.sample.signup;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/signups} registers a user and answers at once, the same whether or not
 * the address has an account; the mail (a confirmation link, or a note to the owner of
 * the existing account) follows through the outbox. No user id and no {@code Location}
 * are answered: the confirmation link's answer is where a user learns the account's id.
 * {@code GET /api/signups/confirm?token=…} is the link in that email.
 * {@code POST /api/signups/confirmation-requests} sends a new link, within a limit per
 * address, and answers the same whatever the address.
 */
@RestController
@RequestMapping("/api/signups")
class SignupController {

	static final String SIGNUP_ACCEPTED = "Signed up: a mail is on its way to this address; "
			+ "open its link to confirm the account";

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
	ResponseEntity<SignupResponse> signUp(@Valid @RequestBody SignupRequest request, HttpServletRequest http) {
		String email = this.registration.register(request, http.getRemoteAddr());
		return ResponseEntity.status(HttpStatus.CREATED).body(new SignupResponse(email, SIGNUP_ACCEPTED));
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

	record SignupResponse(String email, String detail) {
	}

	record ConfirmationResponse(UUID userId, String status) {
	}

	record ResendResponse(String detail) {
	}

}
