package io.github.outbox.sample.signup;

import java.time.Clock;
import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.github.outbox.Outbox;
import io.github.outbox.sample.signup.ConfirmationLinks.ConfirmationLink;

/**
 * Registers a user: the user, its confirmation token and the {@link UserRegistered} event
 * are written in one transaction. Nothing here waits on Kafka or SMTP.
 */
@Service
class UserRegistration {

	private final JdbcAggregateTemplate aggregates;

	private final ConfirmationLinks links;

	private final Outbox outbox;

	private final Clock clock;

	UserRegistration(JdbcAggregateTemplate aggregates, ConfirmationLinks links, Outbox outbox, Clock clock) {
		this.aggregates = aggregates;
		this.links = links;
		this.outbox = outbox;
		this.clock = clock;
	}

	@Transactional
	public UserRegistered register(SignupRequest request) {
		Instant now = this.clock.instant();
		User user = User.register(request.email(), request.name().trim(), now);
		try {
			this.aggregates.insert(user);
		}
		catch (DuplicateKeyException ex) {
			throw new SignupFailure.EmailAlreadyRegistered(user.email());
		}
		ConfirmationLink link = this.links.issue(user.id(), now);
		UserRegistered registered = new UserRegistered(user.id(), user.email(), user.name(), link.address(),
				link.expiresAt());
		this.outbox.publish(User.AGGREGATE_TYPE, user.id(), registered);
		return registered;
	}

}
