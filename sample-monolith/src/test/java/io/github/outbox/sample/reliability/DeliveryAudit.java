package io.github.outbox.sample.reliability;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

		Map<String, Integer> recordsByEvent = new HashMap<>();
		AtomicLong records = new AtomicLong();
		try (TopicReader reader = new TopicReader(scenario.kafka().bootstrapServers(),
				Pattern.compile(Pattern.quote(scenario.topic())))) {
			awaitQuietly(() -> {
				List<ConsumerRecord<byte[], byte[]>> read = reader.poll();
				records.set(read.size());
				recordsByEvent.clear();
				read.forEach((record) -> recordsByEvent.merge(TopicReader.header(record, OutboxHeaders.EVENT_ID), 1,
						Integer::sum));
				return recordsByEvent.keySet().containsAll(addressByEvent.keySet());
			});
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
