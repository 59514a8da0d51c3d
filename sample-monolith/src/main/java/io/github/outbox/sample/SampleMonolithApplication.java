package io.github.outbox.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A monolith that answers a sign-up at once and leaves the confirmation email to the
 * outbox, Kafka and mail-relay.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleMonolithApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleMonolithApplication.class, args);
	}

}
