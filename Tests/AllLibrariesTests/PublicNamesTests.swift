import IdempotencyKit
import IdempotencyKitConformance
import IdempotencyRedis
import KafkaKitTesting
import MTConnectAgent
import MTConnectAgentSimulator
import MTConnectCoreClient
import MTConnectModel
import ModbusClient
import ModbusSimulator
import MongoKit
import OutboxKafka
import OutboxKit
import OutboxKitConformance
import OutboxMongo
import RedisKit
import RedisKitTesting
import ReferenceServer
import Testing

/// Every library product imported into one file, as an application that uses them all
/// would: this file compiles only while the names that once clashed resolve unqualified.
@Suite struct PublicNamesTests {
    @Test func theBackoffOfEveryLibraryIsOneTypeNamedWithoutQualification() {
        let modbus: Backoff = ModbusClientConfiguration(host: "192.0.2.17").reconnectBackoff
        let agent: Backoff = AgentFollowerConfiguration().backoff
        let outbox: Backoff = OutboxRelayConfiguration().backoff
        #expect(Set([modbus, agent, outbox]).count == 3)
        #expect(String(reflecting: Backoff.self) == "_MTCSupport.Backoff")
    }

    /// This file does not import KafkaKit: it compiles only while the publisher is configured
    /// with plain values.
    @Test func theKafkaPublisherIsConfiguredWithoutKafkaKitTypes() {
        let configuration = KafkaOutboxPublisherConfiguration(
            topic: "raw_data", bootstrapServers: "127.0.0.1:9092", messageTimeout: .seconds(5), options: ["compression.type": "lz4"]
        )
        #expect(configuration.idempotent)
        #expect(configuration.options == ["compression.type": "lz4"])
    }

    @Test func theModbusClientModuleNameQualifiesItsTypes() {
        #expect(String(reflecting: ModbusTCPClient.self) == "ModbusClient.ModbusTCPClient")
        #expect(String(reflecting: ModbusClient.ModbusClientConfiguration.self) == "ModbusClient.ModbusClientConfiguration")
    }

    @Test func observationIsTheModelsAndTheClientsIsTelemetryObservation() {
        #expect(String(reflecting: Observation.self) == "MTConnectModel.Observation")
        #expect(String(reflecting: TelemetryObservation.self) == "MTConnectCoreClient.TelemetryObservation")
    }
}
