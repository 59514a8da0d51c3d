package io.github.outbox.sample.signup;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A registered user; confirmed once the confirmation link was followed.
 */
@Table("users")
record User(@Id UUID id, String email, String name, Instant registeredAt, @Nullable Instant confirmedAt) {

	/**
	 * The aggregate type of the user's outbox events: they go to
	 * {@code outbox.event.User}.
	 */
	static final String AGGREGATE_TYPE = "User";

	static User register(String email, String name, Instant now) {
		return new User(UUID.randomUUID(), normalizedEmail(email), name, now, null);
	}

	/**
	 * The form an address is stored and looked up in, so that {@code Ada@Example.com} and
	 * {@code ada@example.com} are one account: see {@link EmailAddress}.
	 * @throws EmailAddress.Refused if mail cannot be delivered to the address
	 */
	static String normalizedEmail(String email) {
		return EmailAddress.normalized(email);
	}

	boolean awaitsConfirmation() {
		return this.confirmedAt == null;
	}

}
