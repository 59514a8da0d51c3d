package io.github.outbox.mailrelay.deadletter;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.DefaultApplicationArguments;

import io.github.outbox.mailrelay.deadletter.DeadLetterArguments.Action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DeadLetterArgumentsTests {

	private static final List<String> RELAYED = List.of("outbox.event.User", "outbox.event.Order");

	private static final UUID ID = UUID.fromString("5f0c1a5e-3b7d-4c1e-9a51-0d4f5e6a7b8c");

	private static final UUID OTHER_ID = UUID.fromString("0e9d8c7b-6a59-4483-a2b1-c0d9e8f7a6b5");

	@Test
	void listsTheDeadLetterTopicsOfTheRelayedTopicsByDefault() {
		DeadLetterArguments list = parse("dead-letters", "list");

		assertThat(list.action()).isEqualTo(Action.LIST);
		assertThat(list.topics()).containsExactly("outbox.event.User-dlt", "outbox.event.Order-dlt");
		assertThat(list.eventIds()).isEmpty();
		assertThat(list.all()).isFalse();
	}

	@Test
	void takesTopicsAndEventIdsFromRepeatedOrCommaSeparatedOptions() {
		DeadLetterArguments redrive = parse("dead-letters", "redrive", "--topic=a-dlt,b-dlt", "--topic=a-dlt",
				"--event-id=" + ID, "--event-id= " + OTHER_ID + "," + ID);

		assertThat(redrive.action()).isEqualTo(Action.REDRIVE);
		assertThat(redrive.topics()).containsExactly("a-dlt", "b-dlt");
		assertThat(redrive.eventIds()).containsExactly(ID, OTHER_ID);
	}

	@Test
	void redrivesEverythingWithAll() {
		DeadLetterArguments redrive = parse("dead-letters", "redrive", "--all");

		assertThat(redrive.all()).isTrue();
		assertThat(redrive.eventIds()).isEmpty();
	}

	@Test
	void leavesSettingsToSpringBoot() {
		DeadLetterArguments list = parse("--spring.kafka.bootstrap-servers=kafka:9092", "dead-letters", "list",
				"--mail-relay.dead-letters.timeout=5s", "--debug", "--event-id=" + ID);

		assertThat(list.eventIds()).containsExactly(ID);
	}

	@Test
	void refusesWhatItDoesNotUnderstand() {
		assertRefused("unknown command 'dead-leters list'", "dead-leters", "list");
		assertRefused("say what to do: list or redrive", "dead-letters");
		assertRefused("unknown action 'show': list or redrive", "dead-letters", "show");
		assertRefused("unexpected argument 'now'", "dead-letters", "list", "now");
		assertRefused("unknown option --evnt-id", "dead-letters", "redrive", "--evnt-id=" + ID);
	}

	@Test
	void refusesAMalformedEventId() {
		assertRefused("--event-id 'not-a-uuid' is not a UUID", "dead-letters", "redrive", "--event-id=not-a-uuid");
		assertRefused("--event-id needs a value: --event-id=...", "dead-letters", "redrive", "--event-id");
		assertRefused("--event-id has an empty value", "dead-letters", "redrive", "--event-id=" + ID + ",");
	}

	@Test
	void refusesARedriveThatChoosesNothingOrBoth() {
		assertRefused("say what to redrive: --event-id=<uuid> (repeatable) or --all", "dead-letters", "redrive");
		assertRefused("give either --all or --event-id, not both", "dead-letters", "redrive", "--all",
				"--event-id=" + ID);
		assertRefused("--all takes no value", "dead-letters", "redrive", "--all=yes");
		assertRefused("list shows every dead letter already; --all is for redrive", "dead-letters", "list", "--all");
	}

	@Test
	void refusesAnEmptyTopicOrNoTopicAtAll() {
		assertRefused("--topic has an empty value", "dead-letters", "list", "--topic=");
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(
					() -> DeadLetterArguments.parse(new DefaultApplicationArguments("dead-letters", "list"), List.of()))
			.withMessage("no topic: set mail-relay.topics or give --topic=<dead-letter topic>");
	}

	private static DeadLetterArguments parse(String... args) {
		return DeadLetterArguments.parse(new DefaultApplicationArguments(args), RELAYED);
	}

	private static void assertRefused(String message, String... args) {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse(args)).withMessage(message);
	}

}
