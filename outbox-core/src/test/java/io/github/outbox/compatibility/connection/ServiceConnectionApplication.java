package io.github.outbox.compatibility.connection;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * An application with the outbox and nothing else of its own; its database and Kafka come
 * from connection details.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ServiceConnectionApplication {

}
