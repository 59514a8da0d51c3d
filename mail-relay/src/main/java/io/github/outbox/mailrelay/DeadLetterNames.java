package io.github.outbox.mailrelay;

/**
 * The names of the dead-letter topics, with spring-kafka's suffix: {@code <topic>-dlt}
 * for the mail group, {@code <topic>-<group>-dlt} for another group on the same topic
 * (the SMS notifier), so that each group's dead letters stay apart and a re-driven record
 * reaches the group that failed it.
 */
public final class DeadLetterNames {

	/** Suffix of dead-letter topics, spring-kafka's default. */
	public static final String SUFFIX = "-dlt";

	private DeadLetterNames() {
	}

	/** The mail group's dead-letter topic of a topic. */
	public static String of(String topic) {
		return topic + SUFFIX;
	}

	/** The dead-letter topic of a topic for a group other than the mail group. */
	public static String of(String topic, String group) {
		return topic + "-" + group + SUFFIX;
	}

}
