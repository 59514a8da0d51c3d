package io.github.outbox.sample.reliability;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.github.outbox.OutboxHeaders;
import io.github.outbox.testsupport.TopicReader;

/**
 * Every event committed in a scenario's outbox, looked for in Kafka by its event id and
 * in the mailbox by its address: what was lost, what came twice.
 *
 * @param committed events in the outbox table
 * @param kafkaRecords records on the topic
 * @param lost committed events with no record on the topic
 * @param kafkaDuplicates records beyond the first of an event
 * @param mails mails accepted by the SMTP server (0 when mail was not audited)
 * @param missingMails committed events whose address received no mail
 * @param duplicateMails mails beyond the first to an address
 * @param duplicatesWithAnotherMessageId repeated mails whose Message-ID differs from the
 * first's
 */
record DeliveryAudit(long committed, long kafkaRecords, long lost, long kafkaDuplicates, long mails, long missingMails,
		long duplicateMails, long duplicatesWithAnotherMessageId) {

	private static final Duration PATIENCE = Duration.ofMinutes(3);

	static DeliveryAudit of(FaultScenario scenario, JdbcClient outbox, boolean mail) {
		Map<String, String> addressByEvent = new HashMap<>();
		outbox.sql("select id::text, payload ->> 'email' from outbox_event")
			.query((row, n) -> addressByEvent.put(row.getString(1), row.getString(2)))
			.list();
		String walWritten = outbox.sql("select pg_current_wal_lsn()::text").query(String.class).single();

		Map<String, Integer> recordsByEvent = new HashMap<>();
		AtomicLong records = new AtomicLong();
		try (Admin admin = scenario.kafka().admin();
				TopicReader reader = new TopicReader(scenario.kafka().bootstrapServers(),
						Pattern.compile(Pattern.quote(scenario.topic())))) {
			// a late repeat is counted too: the relay has confirmed all the WAL written
			// before the audit, so it has published (and repeated) all it ever will
			awaitQuietly(() -> relayConfirmed(outbox, scenario.slotName(), walWritten));
			awaitQuietly(() -> {
				List<ConsumerRecord<byte[], byte[]>> read = reader.poll();
				records.set(read.size());
				recordsByEvent.clear();
				read.forEach((record) -> recordsByEvent.merge(TopicReader.header(record, OutboxHeaders.EVENT_ID), 1,
						Integer::sum));
				return recordsByEvent.keySet().containsAll(addressByEvent.keySet()) && read
					.size() >= endOffsets(admin, scenario.topic()).values().stream().mapToLong(Long::longValue).sum();
			});
			if (mail) {
				// every record handled: mailed, skipped as a repeat or dead-lettered
				awaitQuietly(() -> lag(admin, scenario.topic(), scenario.mailRelayGroup()) == 0);
			}
		}
		long lost = addressByEvent.keySet().stream().filter((id) -> !recordsByEvent.containsKey(id)).count();
		long kafkaDuplicates = records.get() - recordsByEvent.size();

		if (!mail) {
			return new DeliveryAudit(addressByEvent.size(), records.get(), lost, kafkaDuplicates, 0, 0, 0, 0);
		}
		Set<String> addresses = new HashSet<>(addressByEvent.values());
		Map<String, Set<String>> messageIdsByAddress = new HashMap<>();
		Map<String, Integer> mailsByAddress = new HashMap<>();
		AtomicReference<List<MimeMessage>> mails = new AtomicReference<>(List.of());
		awaitQuietly(() -> {
			mails.set(scenario.mails());
			mailsByAddress.clear();
			messageIdsByAddress.clear();
			for (MimeMessage message : mails.get()) {
				String address = recipient(message);
				mailsByAddress.merge(address, 1, Integer::sum);
				messageIdsByAddress.computeIfAbsent(address, (a) -> new HashSet<>()).add(message.getMessageID());
			}
			return mailsByAddress.keySet().containsAll(addresses);
		});
		long missing = addresses.stream().filter((address) -> !mailsByAddress.containsKey(address)).count();
		long duplicates = mailsByAddress.values().stream().mapToLong((count) -> count - 1).sum();
		long otherMessageIds = messageIdsByAddress.values().stream().mapToLong((ids) -> ids.size() - 1).sum();
		return new DeliveryAudit(addressByEvent.size(), records.get(), lost, kafkaDuplicates, mails.get().size(),
				missing, duplicates, otherMessageIds);
	}

	private static boolean relayConfirmed(JdbcClient outbox, String slot, String walPosition) {
		return outbox
			.sql("select confirmed_flush_lsn >= cast(? as pg_lsn) from pg_replication_slots where slot_name = ?")
			.params(walPosition, slot)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(topic)
			.partitions()
			.forEach((partition) -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
		Map<TopicPartition, Long> offsets = new HashMap<>();
		admin.listOffsets(latest)
			.all()
			.get(10, TimeUnit.SECONDS)
			.forEach((partition, info) -> offsets.put(partition, info.offset()));
		return offsets;
	}

	/** Records of the topic the group has not committed yet. */
	private static long lag(Admin admin, String topic, String group) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(10, TimeUnit.SECONDS);
		return endOffsets(admin, topic).entrySet().stream().mapToLong((end) -> {
			OffsetAndMetadata position = committed.get(end.getKey());
			return end.getValue() - ((position != null) ? position.offset() : 0);
		}).sum();
	}

	private static void awaitQuietly(Callable<Boolean> complete) {
		try {
			Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(complete);
		}
		catch (ConditionTimeoutException ex) {
			// what is still missing is reported, not thrown
		}
	}

	private static String recipient(MimeMessage message) throws MessagingException {
		return ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
	}

	Map<String, Object> figures() {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("events", this.committed);
		figures.put("kafkaRecords", this.kafkaRecords);
		figures.put("lost", this.lost);
		figures.put("kafkaDuplicates", this.kafkaDuplicates);
		figures.put("mails", this.mails);
		figures.put("missingMails", this.missingMails);
		figures.put("duplicateMails", this.duplicateMails);
		figures.put("duplicateMailsWithAnotherMessageId", this.duplicatesWithAnotherMessageId);
		return figures;
	}

}
