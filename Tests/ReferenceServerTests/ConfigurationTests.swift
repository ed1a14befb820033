import ReferenceServer
import Testing

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test("Kafka, rate limit and RS256 variables are read over the defaults")
    func variablesAreRead() throws {
        let defaults = ReferenceServerConfiguration()
        #expect(defaults.kafkaBrokers == nil)
        #expect(defaults.kafkaTopic == "raw_data")
        #expect(defaults.rateLimit == RateLimitConfiguration(requestsPerSecond: 10_000, burst: 20_000))
        #expect(defaults.addressRateLimit == RateLimitConfiguration(requestsPerSecond: 10_000, burst: 20_000))

        let configuration = try ReferenceServerConfiguration(environment: [
            "MTC_KAFKA_BROKERS": "127.0.0.1:9092,127.0.0.1:9093",
            "MTC_KAFKA_TOPIC": "plant_events",
            "MTC_RATE_LIMIT": "50",
            "MTC_RATE_LIMIT_BURST": "100",
            "MTC_RATE_LIMIT_ADDRESS": "5",
            "MTC_RATE_LIMIT_ADDRESS_BURST": "10",
            "MTC_MAX_CONCURRENT_WRITES": "64",
            "MTC_JWT_PUBLIC_KEY": "-----BEGIN PUBLIC KEY-----",
        ])
        #expect(configuration.kafkaBrokers == "127.0.0.1:9092,127.0.0.1:9093")
        #expect(configuration.kafkaTopic == "plant_events")
        #expect(configuration.rateLimit == RateLimitConfiguration(requestsPerSecond: 50, burst: 100))
        #expect(configuration.addressRateLimit == RateLimitConfiguration(requestsPerSecond: 5, burst: 10))
        #expect(configuration.jwtPublicKeyPEM == "-----BEGIN PUBLIC KEY-----")
        #expect(defaults.maximumConcurrentWrites == 256)
        #expect(configuration.maximumConcurrentWrites == 64)
        #expect(try ReferenceServerConfiguration(environment: ["MTC_RATE_LIMIT": "0"]).rateLimit.isEnabled == false)
    }

    @Test("an invalid value is a configuration error naming its variable", arguments: [
        ("MTC_RATE_LIMIT", "fast"), ("MTC_RATE_LIMIT", "-1"), ("MTC_RATE_LIMIT_BURST", "0"),
        ("MTC_RATE_LIMIT_ADDRESS", "-1"), ("MTC_RATE_LIMIT_ADDRESS_BURST", "0"), ("MTC_MAX_CONCURRENT_WRITES", "-5"),
        ("MTC_KAFKA_TOPIC", ""), ("MTC_PORT", "70000"), ("MTC_JWT_PUBLIC_KEY_FILE", "/nonexistent/key.pem"),
    ])
    func invalidValuesAreNamed(variable: String, value: String) {
        let error = #expect(throws: ReferenceServerError.self) {
            try ReferenceServerConfiguration(environment: [variable: value])
        }
        #expect(error?.isConfiguration == true)
        #expect(error?.message.contains(variable) == true)
    }
}
