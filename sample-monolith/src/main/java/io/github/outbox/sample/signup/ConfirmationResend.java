package io.github.outbox.sample.signup;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.github.outbox.Outbox;
import io.github.outbox.sample.signup.ConfirmationLinks.ConfirmationLink;

/**
 * Sends a new confirmation link to a user who has not confirmed the address yet: the new
 * token and the {@link ConfirmationRequested} event are written in one transaction, and
 * the user's earlier links stop working. The caller learns nothing about the address: an
 * unknown or confirmed one is answered the same way, and counts against the limit the
 * same way.
 */
@Service
class ConfirmationResend {

	private final ConfirmationRequestLog requests;

	private final Users users;

	private final ConfirmationLinks links;

	private final Outbox outbox;

	private final Clock clock;

	ConfirmationResend(ConfirmationRequestLog requests, Users users, ConfirmationLinks links, Outbox outbox,
			Clock clock) {
		this.requests = requests;
		this.users = users;
		this.links = links;
		this.outbox = outbox;
		this.clock = clock;
	}

	/**
	 * Asks for a new confirmation link for the address.
	 * @throws SignupFailure.TooManyConfirmationRequests if the address asked too often;
	 * nothing is written then
	 */
	@Transactional
	public void request(String email) {
		String address = User.normalizedEmail(email);
		Instant now = this.clock.instant();
		this.requests.admit(address, now);
		this.users.findByEmail(address).filter(User::awaitsConfirmation).ifPresent((user) -> {
			ConfirmationLink link = this.links.issue(user.id(), now);
			this.outbox.publish(User.AGGREGATE_TYPE, user.id(),
					new ConfirmationRequested(user.id(), user.email(), user.name(), link.address(), link.expiresAt()));
		});
	}

}
