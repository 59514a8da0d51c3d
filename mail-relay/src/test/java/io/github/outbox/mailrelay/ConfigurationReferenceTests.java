package io.github.outbox.mailrelay;

import io.github.outbox.testsupport.ConfigurationReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationReferenceTests {

	@Test
	void docsConfigurationNamesEverySetting() {
		String reference = ConfigurationReference.documentation();

		assertThat(ConfigurationReference.declaredSettings()).isNotEmpty()
			.allSatisfy((name) -> assertThat(reference).contains("`" + name + "`"));
	}

}
