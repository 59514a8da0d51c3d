package io.github.outbox.mailrelay.deadletter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.github.outbox.mailrelay.DeadLetterNames;

import org.springframework.boot.ApplicationArguments;

/**
 * What the operator asked for:
 * {@code dead-letters list [--topic=...]... [--event-id=...]...} or
 * {@code dead-letters redrive (--event-id=... | --all) [--topic=...]...}, from the words
 * and {@code --name=value} options as Spring Boot parsed them
 * ({@link ApplicationArguments}); the checks are the command's own. Options with a dot in
 * their name ({@code --spring.kafka.bootstrap-servers=...}) are settings, which Boot
 * binds; any other option is an error, so that a misspelt one does not widen what a
 * redrive selects.
 *
 * @param action what to do
 * @param topics the dead-letter topics to read
 * @param eventIds the event ids chosen; empty for all
 * @param all whether {@code --all} was given
 */
record DeadLetterArguments(Action action, List<String> topics, Set<UUID> eventIds, boolean all) {

	static final String COMMAND = "dead-letters";

	static final String USAGE = """
			usage: java -jar mail-relay.jar dead-letters list [--topic=<dead-letter topic>]... [--event-id=<uuid>]...
			       java -jar mail-relay.jar dead-letters redrive (--event-id=<uuid>... | --all) [--topic=<dead-letter topic>]...
			The dead-letter topics default to each of mail-relay.topics with the suffix -dlt; Kafka is
			spring.kafka.*, given as for mail-relay (--spring.kafka.bootstrap-servers=host:9092).""";

	private static final String TOPIC = "topic";

	private static final String EVENT_ID = "event-id";

	private static final String ALL = "all";

	/** The command's options and Boot's own switches, which carry no dot. */
	private static final Set<String> OPTIONS = Set.of(TOPIC, EVENT_ID, ALL, "debug", "trace");

	enum Action {

		/** Print the dead letters. */
		LIST,

		/** Produce the chosen dead letters back to their original topics. */
		REDRIVE

	}

	/**
	 * Reads the command line.
	 * @param args the command line as Spring Boot parsed it
	 * @param relayedTopics the topics mail-relay consumes ({@code mail-relay.topics})
	 * @throws UsageException if the command line does not say what to do
	 */
	static DeadLetterArguments parse(ApplicationArguments args, List<String> relayedTopics) {
		List<String> words = args.getNonOptionArgs();
		if (words.isEmpty() || !COMMAND.equals(words.get(0))) {
			throw new UsageException("unknown command '" + String.join(" ", words) + "'");
		}
		if (words.size() < 2) {
			throw new UsageException("say what to do: list or redrive");
		}
		if (words.size() > 2) {
			throw new UsageException("unexpected argument '" + words.get(2) + "'");
		}
		Action action = action(words.get(1));
		for (String option : args.getOptionNames()) {
			if (!option.contains(".") && !OPTIONS.contains(option)) {
				throw new UsageException("unknown option --" + option);
			}
		}
		List<String> topics = topics(args, relayedTopics);
		Set<UUID> eventIds = eventIds(args);
		boolean all = args.containsOption(ALL);
		if (all && !args.getOptionValues(ALL).isEmpty()) {
			throw new UsageException("--all takes no value");
		}
		if (action == Action.LIST && all) {
			throw new UsageException("list shows every dead letter already; --all is for redrive");
		}
		if (action == Action.REDRIVE && all == !eventIds.isEmpty()) {
			throw new UsageException(all ? "give either --all or --event-id, not both"
					: "say what to redrive: --event-id=<uuid> (repeatable) or --all");
		}
		return new DeadLetterArguments(action, topics, eventIds, all);
	}

	private static Action action(String word) {
		try {
			return Action.valueOf(word.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException("unknown action '" + word + "': list or redrive");
		}
	}

	private static List<String> topics(ApplicationArguments args, List<String> relayedTopics) {
		if (!args.containsOption(TOPIC)) {
			if (relayedTopics.isEmpty()) {
				throw new UsageException("no topic: set mail-relay.topics or give --topic=<dead-letter topic>");
			}
			return relayedTopics.stream().map(DeadLetterNames::of).toList();
		}
		return List.copyOf(new LinkedHashSet<>(values(args, TOPIC)));
	}

	private static Set<UUID> eventIds(ApplicationArguments args) {
		Set<UUID> ids = new LinkedHashSet<>();
		for (String value : values(args, EVENT_ID)) {
			try {
				ids.add(UUID.fromString(value));
			}
			catch (IllegalArgumentException ex) {
				throw new UsageException("--event-id '" + value + "' is not a UUID");
			}
		}
		return ids;
	}

	/** The option's values, a comma-separated list allowed in each; none may be blank. */
	private static List<String> values(ApplicationArguments args, String option) {
		if (!args.containsOption(option)) {
			return List.of();
		}
		List<String> given = args.getOptionValues(option);
		if (given.isEmpty()) {
			throw new UsageException("--" + option + " needs a value: --" + option + "=...");
		}
		List<String> values = new ArrayList<>();
		for (String value : given) {
			for (String part : value.split(",", -1)) {
				if (part.isBlank()) {
					throw new UsageException("--" + option + " has an empty value");
				}
				values.add(part.strip());
			}
		}
		return values;
	}

}
