package io.github.outbox.observability;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.replay.OutboxReplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

/**
 * Requests the endpoint refuses before anything reaches the database: each answers 400
 * with a message that says what to send instead.
 */
class OutboxEndpointTests {

	private final OutboxEndpoint endpoint = new OutboxEndpoint(mock(OutboxRelay.class),
			new OutboxReplay(new SimpleDriverDataSource(), 100));

	@Test
	void refusesARequestWithNeitherIdsNorRange() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.replay(null, null, null, null))
			.withMessage("Give either eventIds, or from and to (and optionally aggregateType)");
	}

	@Test
	void refusesARequestWithBothIdsAndRange() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.replay("0d6f7c1e-4a4b-4f4e-9d7a-0c6a3c1f2b3d", "2026-11-24T10:00:00Z",
					"2026-11-24T11:00:00Z", null))
			.withMessageStartingWith("Give either eventIds");
	}

	@Test
	void refusesAnEmptyIdList() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.replay(" , ", null, null, null))
			.withMessage("Name at least one event id to replay");
	}

	@Test
	void refusesAnIdThatIsNoUuid() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.replay("42", null, null, null))
			.withMessage("'42' is not an event id (a UUID)");
	}

	@Test
	void refusesARangeWithoutItsEnd() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.replay(null, "2026-11-24T10:00:00Z", null, null))
			.withMessage("to is missing: a time range needs both from and to");
	}

	@Test
	void refusesATimeWithoutOffset() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.replay(null, "2026-11-24 10:00", "2026-11-24T11:00:00Z", null))
			.withMessageContaining("from '2026-11-24 10:00' is not an ISO-8601 date-time with an offset");
	}

	@Test
	void refusesARangeThatEndsBeforeItStarts() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.replay(null, "2026-11-24T11:00:00Z", "2026-11-24T10:00:00+00:00", null))
			.withMessage("from (2026-11-24T11:00:00Z) must be before to (2026-11-24T10:00:00Z): "
					+ "a range includes from and excludes to");
	}

	@Test
	void answersARefusedReplayOverHttpWithItsReason() {
		WebEndpointResponse<Object> response = new OutboxWebEndpointExtension(this.endpoint).replay("", null, null,
				null);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getBody()).isEqualTo(
				Map.of("title", "Replay refused", "status", 400, "detail", "Name at least one event id to replay"));
	}

	@Test
	void refusesMoreIdsThanOneReplayMayWrite() {
		OutboxEndpoint small = new OutboxEndpoint(mock(OutboxRelay.class),
				new OutboxReplay(new SimpleDriverDataSource(), 1));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> small.replay("0d6f7c1e-4a4b-4f4e-9d7a-0c6a3c1f2b3d, 1d6f7c1e-4a4b-4f4e-9d7a-0c6a3c1f2b3d",
					null, null, null))
			.withMessageContaining("outbox.replay.max-events");
	}

}
