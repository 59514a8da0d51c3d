package io.github.outbox.sample.signup;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.github.outbox.Outbox;
import io.github.outbox.sample.RequestLog;
import io.github.outbox.sample.signup.ConfirmationLinks.ConfirmationLink;

/**
 * Registers a user: the user, its confirmation token and the {@link UserRegistered} event
 * are written in one transaction. A sign-up with the address of an existing account is
 * answered the same way, and writes a {@link SignupAttempted} event instead, which mails
 * the account's owner: the caller learns nothing about which addresses have an account.
 * Sign-ups are limited per address and per client in the database, for new and known
 * addresses alike. Nothing here waits on Kafka or SMTP.
 */
@Service
class UserRegistration {

	private final JdbcClient jdbc;

	private final Users users;

	private final ConfirmationLinks links;

	private final RequestLog requests;

	private final SignupProperties settings;

	private final Outbox outbox;

	private final Clock clock;

	UserRegistration(JdbcClient jdbc, Users users, ConfirmationLinks links, RequestLog requests,
			SignupProperties settings, Outbox outbox, Clock clock) {
		this.jdbc = jdbc;
		this.users = users;
		this.links = links;
		this.requests = requests;
		this.settings = settings;
		this.outbox = outbox;
		this.clock = clock;
	}

	/**
	 * Signs the address up.
	 * @param client the address of the client that asks, for the limit per client
	 * @return the address in its normalised form, the same whether or not it had an
	 * account
	 * @throws RequestLog.TooManyRequests if the address or the client signed up too
	 * often; nothing is written then
	 */
	@Transactional
	public String register(SignupRequest request, String client) {
		// PostgreSQL keeps microseconds: the event then carries the time the row has
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		User user = User.register(request.email(), request.trimmedName(), now);
		this.requests.admit(this.settings.perClient(), client, now);
		this.requests.admit(this.settings.perAddress(), user.email(), now);
		int inserted = this.jdbc
			.sql("insert into users (id, email, name, registered_at) values (?, ?, ?, ?) "
					+ "on conflict (email) do nothing")
			.params(user.id(), user.email(), user.name(), Timestamp.from(now))
			.update();
		if (inserted == 1) {
			ConfirmationLink link = this.links.issue(user.id(), now);
			this.outbox.publish(User.AGGREGATE_TYPE, user.id(),
					new UserRegistered(user.id(), user.email(), user.name(), link.address(), link.expiresAt()));
		}
		else {
			User existing = this.users.findByEmail(user.email())
				.orElseThrow(() -> new IllegalStateException("The account of " + user.email() + " went away"));
			this.outbox.publish(User.AGGREGATE_TYPE, existing.id(), new SignupAttempted(existing.id(), existing.email(),
					existing.name(), !existing.awaitsConfirmation(), now));
		}
		return user.email();
	}

}
