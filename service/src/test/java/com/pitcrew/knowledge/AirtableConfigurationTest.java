package com.pitcrew.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pitcrew.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

class AirtableConfigurationTest {

    @Test
    void noSettingsMeansTheSampleBase() {
        AirtableConfiguration configuration = new AirtableConfiguration();
        configuration.validate();
        assertThat(configuration.configured()).isFalse();
        assertThat(configuration.webhookConfigured()).isFalse();
    }

    @Test
    void halfConfiguredSettingsNameTheMissingVariable() {
        AirtableConfiguration tokenOnly = new AirtableConfiguration();
        tokenOnly.setToken("pat123");
        assertThatThrownBy(tokenOnly::validate).isInstanceOf(InvalidSettingException.class)
                .hasMessage("AIRTABLE_BASE_ID is empty but AIRTABLE_TOKEN is set");

        AirtableConfiguration webhookWithoutSecret = new AirtableConfiguration();
        webhookWithoutSecret.setToken("pat123");
        webhookWithoutSecret.setBaseId("app123");
        webhookWithoutSecret.setWebhookId("ach123");
        assertThatThrownBy(webhookWithoutSecret::validate)
                .hasMessage("AIRTABLE_WEBHOOK_MAC_SECRET is empty but AIRTABLE_WEBHOOK_ID is set");
    }

    @Test
    void aSecretThatIsNotBase64IsRefusedWithoutEchoingIt() {
        AirtableConfiguration configuration = new AirtableConfiguration();
        configuration.setToken("pat123");
        configuration.setBaseId("app123");
        configuration.setWebhookId("ach123");
        configuration.setWebhookMacSecret("not base64 !!");
        assertThatThrownBy(configuration::validate).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("AIRTABLE_WEBHOOK_MAC_SECRET is not base64")
                .hasMessageNotContaining("not base64 !!");
    }

    @Test
    void theApiUrlMustBeHttp() {
        AirtableConfiguration configuration = new AirtableConfiguration();
        configuration.setApiUrl("ftp://example.com");
        assertThatThrownBy(configuration::validate).hasMessageStartingWith("AIRTABLE_API_URL must be an http(s) URL");
        configuration.setApiUrl("http://127.0.0.1:8089/");
        configuration.validate();
        assertThat(configuration.apiUri()).hasToString("http://127.0.0.1:8089");
    }
}
