package io.github.outbox.autoconfigure;

import io.github.outbox.testsupport.ConfigurationReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationReferenceTests {

	@Test
	void docsConfigurationNamesEveryOutboxSetting() {
		String reference = ConfigurationReference.documentation();

		assertThat(ConfigurationReference.declaredSettings()).isNotEmpty()
			.allSatisfy((name) -> assertThat(reference).contains("`" + name + "`"));
	}

}
