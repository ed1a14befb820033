import KafkaKit
import KafkaKitTesting
import Logging
import Testing

@Suite(.timeLimit(.minutes(1))) struct KafkaErrorCodeTests {
    @Test("a message the broker refuses as too large fails with the named code, as a permanent error")
    func refusedMessageCarriesTheNamedCode() async throws {
        let cluster = try await KafkaMockCluster(brokers: 1)
        try await cluster.createTopic("codes", partitions: 1)
        try await cluster.failNextProduceRequests(with: [.messageSizeTooLarge])
        let producer = try await KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers, idempotent: false, messageTimeout: .seconds(10)),
            logger: Logger(label: "kafka-error-code-tests")
        )
        let results = await producer.send([KafkaOutgoingMessage(topic: "codes", key: Array("k".utf8), value: Array("v".utf8))])
        _ = await producer.shutdown(flushTimeout: .seconds(2))
        guard case .failure(let error) = try #require(results.first) else {
            Issue.record("the refused message was reported delivered")
            return
        }
        #expect(error.code == .messageSizeTooLarge)
        #expect(error.name == "MSG_SIZE_TOO_LARGE", "the constant's value is librdkafka's code of that name")
        #expect(error.isPermanent)
    }

    @Test("an option librdkafka refuses is an invalid-argument error naming the option")
    func refusedOptionIsInvalidArgument() async throws {
        let error = await #expect(throws: KafkaError.self) {
            _ = try await KafkaProducer(
                configuration: KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:1", options: ["no.such.option": "1"]),
                logger: Logger(label: "kafka-error-code-tests")
            )
        }
        #expect(error?.code == .invalidArgument)
        #expect(error?.isPermanent == false)
        #expect(error?.message.contains("no.such.option") == true)
    }

    @Test("codes compare by value, so one a newer librdkafka adds is still a code")
    func codesAreValues() {
        #expect(KafkaError.Code(rawValue: 10) == .messageSizeTooLarge)
        #expect(KafkaError.Code(rawValue: -195) == .transport)
        #expect(KafkaError.Code(rawValue: 9999).rawValue == 9999)
    }
}
