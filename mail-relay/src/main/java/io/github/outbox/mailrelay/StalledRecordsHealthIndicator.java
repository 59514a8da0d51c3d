package io.github.outbox.mailrelay;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code DOWN} while a record has been failing for longer than
 * {@code mail-relay.health.stalled-after}: its partition's mail is stuck behind it. The
 * details name each record being retried (topic-partition@offset, group, event id, the
 * last failure, for how long, how many attempts). Each check reads the current state, so
 * the status turns within one check of the threshold and back to {@code UP} once the
 * record is handled or dead-lettered.
 * <p>
 * {@code DOWN} rather than a custom status: mail is not going out, which is what the
 * health of a mail relay is about, and every monitor understands {@code DOWN} (HTTP 503)
 * without a status mapping. It is not part of the liveness or readiness groups, since a
 * restart does not cure an SMTP or database outage.
 */
@Component("mailRelay")
class StalledRecordsHealthIndicator implements HealthIndicator {

	private final RetryingRecords records;

	private final MailRelayHealthProperties settings;

	StalledRecordsHealthIndicator(RetryingRecords records, MailRelayHealthProperties settings) {
		this.records = records;
		this.settings = settings;
	}

	@Override
	public Health health() {
		Instant now = this.records.clockNow();
		List<RetryingRecords.RetryingRecord> retrying = this.records.now();
		boolean stalled = retrying.stream()
			.anyMatch((record) -> record.failingFor(now).compareTo(this.settings.stalledAfter()) > 0);
		Health.Builder health = stalled ? Health.down() : Health.up();
		return health.withDetail("stalledAfter", this.settings.stalledAfter().toString())
			.withDetail("retrying", retrying.stream().map((record) -> details(record, now)).toList())
			.build();
	}

	private static Map<String, Object> details(RetryingRecords.RetryingRecord record, Instant now) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("record", record.origin());
		details.put("group", record.group());
		details.put("eventId", record.eventId());
		details.put("failingSince", record.since().toString());
		details.put("failingFor", record.failingFor(now).toString());
		details.put("attempts", record.attempts());
		details.put("reason", record.reason());
		return details;
	}

}
