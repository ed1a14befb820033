import ModbusClient
import Testing

@Suite("Reconnect backoff")
struct ReconnectBackoffTests {
    @Test(arguments: [
        (1, Duration.milliseconds(100)),
        (2, .milliseconds(200)),
        (3, .milliseconds(400)),
        (6, .milliseconds(3200)),
        (7, .seconds(5)),
        (1000, .seconds(5)),
    ])
    func waitDoublesAfterEachFailureUpToTheMaximumByDefault(failures: Int, expected: Duration) {
        let backoff: Backoff = ModbusClientConfiguration(host: "192.0.2.17").reconnectBackoff
        #expect(backoff.delay(afterFailures: failures) == expected)
    }
}
