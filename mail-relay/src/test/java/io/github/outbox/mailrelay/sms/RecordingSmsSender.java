package io.github.outbox.mailrelay.sms;

import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An SMS sender for tests: it keeps every message it is given. Registered before the
 * application's configuration is read, so that the default sender steps aside as it does
 * for an application's own sender.
 */
public final class RecordingSmsSender implements SmsSender {

	/** The sender of the tests that start the application with {@link Registration}. */
	public static final RecordingSmsSender INSTANCE = new RecordingSmsSender();

	private final Queue<TextMessage> sent = new ConcurrentLinkedQueue<>();

	@Override
	public void send(TextMessage message) {
		this.sent.add(message);
	}

	/** Every message sent so far, in order. */
	public List<TextMessage> sent() {
		return List.copyOf(this.sent);
	}

	/** The messages sent for one event. */
	public List<TextMessage> sentFor(UUID eventId) {
		return this.sent.stream().filter((message) -> message.reference().equals(eventId)).toList();
	}

	/** Registers this sender as the application's. */
	public ApplicationContextInitializer<ConfigurableApplicationContext> registration() {
		return (context) -> context.getBeanFactory().registerSingleton("recordingSmsSender", this);
	}

	/**
	 * Registers {@link #INSTANCE}, for {@code @ContextConfiguration(initializers = ...)}.
	 */
	public static final class Registration implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			INSTANCE.registration().initialize(context);
		}

	}

}
