package io.github.outbox.sample.signup;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Confirms an account with the token of its confirmation link, once: the token is spent
 * by a single conditional update, so two clicks at the same moment confirm once.
 */
@Service
class AccountConfirmation {

	private final JdbcClient jdbc;

	private final Users users;

	private final Clock clock;

	AccountConfirmation(JdbcClient jdbc, Users users, Clock clock) {
		this.jdbc = jdbc;
		this.users = users;
		this.clock = clock;
	}

	@Transactional(noRollbackFor = SignupFailure.class)
	public UUID confirm(String rawToken) {
		byte[] hash = new ConfirmationToken(rawToken).hash();
		Timestamp now = Timestamp.from(this.clock.instant());
		Optional<UUID> spent = this.jdbc
			.sql("update confirmation_tokens set used_at = ? where token_hash = ? and used_at is null "
					+ "and expires_at > ? returning user_id")
			.params(now, hash, now)
			.query(UUID.class)
			.optional();
		if (spent.isEmpty()) {
			throw whyNotSpendable(hash);
		}
		this.users.confirm(spent.get(), now.toInstant());
		return spent.get();
	}

	private SignupFailure whyNotSpendable(byte[] hash) {
		Optional<Instant> usedAt = this.jdbc.sql("select used_at from confirmation_tokens where token_hash = ?")
			.param(hash)
			.query((rs, row) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
			.optional()
			.map((used) -> used.orElse(Instant.MIN));
		if (usedAt.isEmpty()) {
			return new SignupFailure.UnknownConfirmationToken();
		}
		return usedAt.get().equals(Instant.MIN) ? new SignupFailure.ConfirmationTokenExpired()
				: new SignupFailure.ConfirmationTokenUsed();
	}

}
