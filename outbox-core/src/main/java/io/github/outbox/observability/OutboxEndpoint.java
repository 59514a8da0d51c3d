package io.github.outbox.observability;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.github.outbox.relay.OutboxRelay;
import io.github.outbox.relay.RelayInspection;
import io.github.outbox.relay.RelayInspector;
import io.github.outbox.replay.OutboxReplay;
import io.github.outbox.replay.ReplayRejectedException;
import io.github.outbox.replay.ReplayResult;

/**
 * The {@code outbox} Actuator endpoint: reading it inspects what the relay has published
 * ({@link RelayInspection}); writing to it publishes events again, by id
 * ({@code {"eventIds": [...]}}) or by time range ({@code {"from": "...", "to": "...",
 * "aggregateType": "..."}}, ISO-8601 with an offset, the aggregate type optional).
 * Writing re-sends events to every consumer, so the endpoint is read-only unless the
 * application opts in with {@code management.endpoint.outbox.access=unrestricted}, and
 * then only behind the access control of the other management endpoints.
 */
@Endpoint(id = "outbox", defaultAccess = Access.READ_ONLY)
public class OutboxEndpoint {

	private final RelayInspector inspector;

	private final OutboxReplay replay;

	public OutboxEndpoint(OutboxRelay relay, OutboxReplay replay) {
		this.inspector = new RelayInspector(relay);
		this.replay = replay;
	}

	@ReadOperation
	public RelayInspection inspection() {
		return this.inspector.inspect();
	}

	@WriteOperation
	public ReplayResult replay(@Nullable String eventIds, @Nullable String from, @Nullable String to,
			@Nullable String aggregateType) {
		boolean byId = eventIds != null;
		boolean byRange = from != null || to != null || aggregateType != null;
		if (byId == byRange) {
			throw invalid("Give either eventIds, or from and to (and optionally aggregateType)");
		}
		try {
			if (byId) {
				return this.replay.replay(Arrays.stream(eventIds.split(","))
					.map(String::strip)
					.filter((id) -> !id.isEmpty())
					.map(OutboxEndpoint::eventId)
					.toList());
			}
			return this.replay.replay(instant("from", from), instant("to", to), aggregateType);
		}
		catch (ReplayRejectedException ex) {
			throw invalid(ex.getMessage());
		}
	}

	private static UUID eventId(String text) {
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("'" + text + "' is not an event id (a UUID)");
		}
	}

	private static Instant instant(String name, @Nullable String text) {
		if (text == null) {
			throw invalid(name + " is missing: a time range needs both from and to");
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw invalid(name + " '" + text + "' is not an ISO-8601 date-time with an offset, such as "
					+ "2026-11-24T10:00:00Z");
		}
	}

	private static InvalidEndpointRequestException invalid(String message) {
		return new InvalidEndpointRequestException(message, message);
	}

}
