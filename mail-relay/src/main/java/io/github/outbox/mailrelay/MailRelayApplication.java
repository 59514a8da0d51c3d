package io.github.outbox.mailrelay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A Kafka consumer group that sends the mail for each outbox event, once per event id.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MailRelayApplication {

	public static void main(String[] args) {
		SpringApplication.run(MailRelayApplication.class, args);
	}

}
