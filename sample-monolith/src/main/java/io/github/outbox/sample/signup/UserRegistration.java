package io.github.outbox.sample.signup;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.UriComponentsBuilder;

import io.github.outbox.Outbox;

/**
 * Registers a user: the user, its confirmation token and the {@link UserRegistered} event
 * are written in one transaction. Nothing here waits on Kafka or SMTP.
 */
@Service
class UserRegistration {

	static final String AGGREGATE_TYPE = "User";

	private final JdbcAggregateTemplate aggregates;

	private final JdbcClient jdbc;

	private final Outbox outbox;

	private final SignupSettings settings;

	private final Clock clock;

	UserRegistration(JdbcAggregateTemplate aggregates, JdbcClient jdbc, Outbox outbox, SignupSettings settings,
			Clock clock) {
		this.aggregates = aggregates;
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.settings = settings;
		this.clock = clock;
	}

	@Transactional
	public UserRegistered register(SignupRequest request) {
		String email = request.email().trim().toLowerCase(Locale.ROOT);
		Instant now = this.clock.instant();
		User user = User.register(email, request.name().trim(), now);
		try {
			this.aggregates.insert(user);
		}
		catch (DuplicateKeyException ex) {
			throw new SignupFailure.EmailAlreadyRegistered(email);
		}
		ConfirmationToken token = ConfirmationToken.generate();
		Instant expiresAt = now.plus(this.settings.confirmationTtl());
		this.jdbc.sql("insert into confirmation_tokens (token_hash, user_id, expires_at) values (?, ?, ?)")
			.params(token.hash(), user.id(), Timestamp.from(expiresAt))
			.update();
		UserRegistered registered = new UserRegistered(user.id(), user.email(), user.name(), linkFor(token), expiresAt);
		this.outbox.publish(AGGREGATE_TYPE, user.id(), registered);
		return registered;
	}

	private URI linkFor(ConfirmationToken token) {
		return UriComponentsBuilder.fromUri(this.settings.confirmationBaseUrl())
			.path("/api/signups/confirm")
			.queryParam("token", token.value())
			.build()
			.toUri();
	}

}
