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

	static User register(String email, String name, Instant now) {
		return new User(UUID.randomUUID(), email, name, now, null);
	}

}
