package com.agentbounty.gateway.integration;

import com.agentbounty.gateway.flow.EventProcessingTuning;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.ConfirmationMode;
import org.axonframework.extensions.kafka.eventhandling.producer.DefaultProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;
import java.util.Optional;

/**
 * Publishes every domain event to the Kafka topic {@code agentbounty.events}, keyed by aggregate id so that one
 * aggregate's events stay in order on one partition.
 * <p>
 * The publisher is wired by hand: under Axon 4.13 the extension's auto-configured publisher never gets its
 * processing group registered and publishes nothing (DESIGN.md section 12). It runs as its own tracking processor,
 * so its position survives restarts and a Kafka outage only delays publishing (errors propagate and the processor
 * retries). On its very first start it begins at the head of the event store: Kafka carries integration events from
 * then on, while history is served by the event store itself (audit API), not replayed into the topic.
 */
@Configuration
class KafkaEventPublishingConfiguration {

    static final String PROCESSING_GROUP = "kafka-publisher";

    @Bean(destroyMethod = "shutDown")
    ProducerFactory<String, byte[]> kafkaEventProducerFactory(KafkaProperties kafka) {
        return DefaultProducerFactory.<String, byte[]>builder()
                .configuration(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()),
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true))
                .confirmationMode(ConfirmationMode.WAIT_FOR_ACK)
                .build();
    }

    @Bean(destroyMethod = "shutDown")
    KafkaPublisher<String, byte[]> kafkaPublisher(ProducerFactory<String, byte[]> producerFactory, Serializer serializer,
                                                  @Value("${agentbounty.kafka.events-topic}") String topic) {
        return KafkaPublisher.<String, byte[]>builder()
                .producerFactory(producerFactory)
                .serializer(serializer)
                .messageConverter(DefaultKafkaMessageConverter.builder().serializer(serializer).build())
                .topicResolver(event -> Optional.of(topic))
                .publisherAckTimeout(5_000)
                .build();
    }

    @Bean
    KafkaEventPublisher<String, byte[]> kafkaEventPublisher(KafkaPublisher<String, byte[]> kafkaPublisher) {
        return KafkaEventPublisher.<String, byte[]>builder()
                .kafkaPublisher(kafkaPublisher)
                .processingGroup(PROCESSING_GROUP)
                .build();
    }

    @Bean
    ConfigurerModule kafkaPublishingProcessor(KafkaEventPublisher<String, byte[]> kafkaEventPublisher) {
        return configurer -> configurer.eventProcessing()
                .registerEventHandler(configuration -> kafkaEventPublisher)
                .assignHandlerInstancesMatching(PROCESSING_GROUP, handler -> handler == kafkaEventPublisher)
                .registerListenerInvocationErrorHandler(PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance())
                .registerTrackingEventProcessor(PROCESSING_GROUP,
                        org.axonframework.config.Configuration::eventStore,
                        configuration -> EventProcessingTuning.defaults()
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
    }
}
