package io.github.outbox.sample.signup;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.github.outbox.sample.Sha256;

/**
 * The requests for a new confirmation link each address made, kept in the database so
 * that {@code sample.signup.resend-limit} holds across every instance of the application.
 * An address is kept only as its SHA-256 hash, and only for the window of the limit.
 * <p>
 * Every address counts, registered or not: a limit that only registered addresses could
 * reach would tell a caller which addresses have an account.
 */
@Repository
class ConfirmationRequestLog {

	/**
	 * First key of the transaction-scoped advisory locks taken here. PostgreSQL keeps
	 * two-key locks apart from the single-key ones the outbox relay takes.
	 */
	private static final int LOCK_SPACE = 0x5e17d;

	/** Expired requests of other addresses deleted at most per admitted request. */
	private static final int PRUNE_BATCH = 100;

	private final JdbcClient jdbc;

	private final SignupProperties.ResendLimit limit;

	ConfirmationRequestLog(JdbcClient jdbc, SignupProperties settings) {
		this.jdbc = jdbc;
		this.limit = settings.resendLimit();
	}

	/**
	 * Records a request of the address at {@code now}, in the caller's transaction, if
	 * the limit allows it. Requests of one address wait for each other until the
	 * transaction ends, so that instances answering at the same moment cannot together
	 * let more through than the limit.
	 * @param email the address in its normalised form
	 * @throws SignupFailure.TooManyConfirmationRequests if the address is over the limit;
	 * nothing is recorded then
	 */
	void admit(String email, Instant now) {
		byte[] hash = hash(email);
		this.jdbc.sql("select pg_advisory_xact_lock(?, ?)")
			.params(LOCK_SPACE, ByteBuffer.wrap(hash).getInt())
			.query()
			.listOfRows();
		Timestamp windowStart = Timestamp.from(now.minus(this.limit.window()));
		List<Instant> earlier = this.jdbc
			.sql("select requested_at from confirmation_requests where email_hash = ? and requested_at > ? "
					+ "order by requested_at")
			.params(hash, windowStart)
			.query(Timestamp.class)
			.list()
			.stream()
			.map(Timestamp::toInstant)
			.toList();
		Duration wait = this.limit.waitBefore(earlier, now);
		if (wait.compareTo(Duration.ZERO) > 0) {
			throw new SignupFailure.TooManyConfirmationRequests(wait);
		}
		this.jdbc.sql("insert into confirmation_requests (email_hash, requested_at) values (?, ?)")
			.params(hash, Timestamp.from(now))
			.update();
		// Bounded, waiting on no other transaction: later requests delete the rest.
		this.jdbc.sql("""
				delete from confirmation_requests where id in (
				    select id from confirmation_requests where requested_at <= ?
				    limit ? for update skip locked)""").params(windowStart, PRUNE_BATCH).update();
	}

	static byte[] hash(String email) {
		return Sha256.of(email);
	}

}
