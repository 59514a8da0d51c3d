package io.github.outbox.sample.signup;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

interface Users extends ListCrudRepository<User, UUID> {

	/**
	 * The user with this address, in its {@link User#normalizedEmail normalised} form.
	 */
	Optional<User> findByEmail(String email);

	@Modifying
	@Query("update users set confirmed_at = :at where id = :id and confirmed_at is null")
	int confirm(UUID id, Instant at);

}
