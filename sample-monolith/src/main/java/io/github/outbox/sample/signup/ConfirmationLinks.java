package io.github.outbox.sample.signup;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Issues confirmation links. A user has at most one link that works: issuing a new one
 * ends the user's earlier unused ones, so a link from an older mail cannot confirm the
 * account once a newer one was sent.
 */
@Component
class ConfirmationLinks {

	private final JdbcClient jdbc;

	private final SignupProperties settings;

	ConfirmationLinks(JdbcClient jdbc, SignupProperties settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/**
	 * Issues a fresh link for the user, in the caller's transaction; only the hash of its
	 * token is stored. The user's earlier unused links expire at {@code now}: following
	 * one answers {@code 410 Gone}.
	 */
	ConfirmationLink issue(UUID userId, Instant now) {
		this.jdbc
			.sql("update confirmation_tokens set expires_at = ? where user_id = ? and used_at is null "
					+ "and expires_at > ?")
			.params(Timestamp.from(now), userId, Timestamp.from(now))
			.update();
		ConfirmationToken token = ConfirmationToken.generate();
		Instant expiresAt = now.plus(this.settings.confirmationTtl());
		this.jdbc.sql("insert into confirmation_tokens (token_hash, user_id, expires_at) values (?, ?, ?)")
			.params(token.hash(), userId, Timestamp.from(expiresAt))
			.update();
		return new ConfirmationLink(linkFor(token), expiresAt);
	}

	private URI linkFor(ConfirmationToken token) {
		return UriComponentsBuilder.fromUri(this.settings.confirmationBaseUrl())
			.path("/api/signups/confirm")
			.queryParam("token", token.value())
			.build()
			.toUri();
	}

	/**
	 * A link as it goes into a mail.
	 *
	 * @param address the link, with the token in clear
	 * @param expiresAt when it stops working
	 */
	record ConfirmationLink(URI address, Instant expiresAt) {
	}

}
