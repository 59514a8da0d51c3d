package io.github.outbox.mailrelay.deadletter;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * Runs {@code dead-letters list} or {@code dead-letters redrive} and keeps the exit
 * status: 0 done, 1 could not be done, 2 the command line is wrong. Errors the operator
 * can fix are one line on standard error, without a stack trace.
 */
final class DeadLetterRunner implements ApplicationRunner, ExitCodeGenerator {

	static final int FAILED = 1;

	static final int USAGE = 2;

	private final DeadLetterTopics topics;

	private final Redrive redrive;

	private final List<String> relayedTopics;

	private final PrintStream out;

	private final PrintStream err;

	private int exitCode = FAILED;

	DeadLetterRunner(DeadLetterTopics topics, Redrive redrive, List<String> relayedTopics, CommandOutput output) {
		this.topics = topics;
		this.redrive = redrive;
		this.relayedTopics = relayedTopics;
		this.out = output.out();
		this.err = output.err();
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			DeadLetterArguments command = DeadLetterArguments.parse(args, this.relayedTopics);
			switch (command.action()) {
				case LIST -> list(command);
				case REDRIVE -> redrive(command);
			}
			this.exitCode = 0;
		}
		catch (UsageException ex) {
			this.err.println(DeadLetterArguments.COMMAND + ": " + ex.getMessage());
			this.err.println(DeadLetterArguments.USAGE);
			this.exitCode = USAGE;
		}
		catch (CommandFailedException ex) {
			this.err.println(DeadLetterArguments.COMMAND + ": " + ex.getMessage());
			this.exitCode = FAILED;
		}
		this.out.flush();
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

	private void list(DeadLetterArguments command) {
		List<DeadLetter> letters = this.topics.read(command.topics())
			.stream()
			.filter((letter) -> command.eventIds().isEmpty() || command.eventIds().contains(letter.eventId()))
			.toList();
		letters.forEach((letter) -> this.out.println(letter.line()));
		this.out.println("dead-letters=" + letters.size() + " topics=" + String.join(",", command.topics()));
	}

	private void redrive(DeadLetterArguments command) {
		// The last dead letter of an event stands for it. One record per event
		// id is enough: the ledger sends its mail once, however many arrive.
		Map<UUID, DeadLetter> byEventId = new LinkedHashMap<>();
		List<DeadLetter> skipped = new ArrayList<>();
		for (DeadLetter letter : this.topics.read(command.topics())) {
			UUID eventId = letter.eventId();
			if (eventId == null || letter.originalTopic() == null) {
				skipped.add(letter);
			}
			else if (command.all() || command.eventIds().contains(eventId)) {
				byEventId.put(eventId, letter);
			}
		}
		List<UUID> missing = command.eventIds().stream().filter((id) -> !byEventId.containsKey(id)).toList();
		if (!missing.isEmpty()) {
			throw new CommandFailedException(
					"no dead letter with event id " + missing + " in " + command.topics() + "; nothing re-driven");
		}
		if (command.all()) {
			skipped.forEach((letter) -> this.out.println("skipped " + letter.location()
					+ " reason=\"no valid event-id or kafka_dlt-original-topic header: it cannot be mailed\""));
		}
		this.redrive.send(List.copyOf(byEventId.values()), this::redriven);
		this.out.println("redriven=" + byEventId.size() + " skipped=" + (command.all() ? skipped.size() : 0)
				+ " topics=" + String.join(",", command.topics()));
	}

	private void redriven(DeadLetter letter, RecordMetadata sent) {
		this.out.println("redriven " + letter.location() + " event-id=" + Objects.requireNonNull(letter.eventId())
				+ " to=" + sent.topic() + "-" + sent.partition() + "@" + sent.offset());
	}

}
