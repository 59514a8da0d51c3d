package io.github.outbox.mailrelay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.github.outbox.mailrelay.deadletter.DeadLetterCommand;

/**
 * A Kafka consumer group that sends the mail for each outbox event, once per event id.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MailRelayApplication {

	public static void main(String[] args) {
		if (DeadLetterCommand.isRequested(args)) {
			// an operator's command (dead-letters list, redrive): no consumer,
			// exits when done
			System.exit(DeadLetterCommand.run(args));
		}
		SpringApplication.run(MailRelayApplication.class, args);
	}

}
