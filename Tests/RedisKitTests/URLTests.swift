import RedisKit
import Testing

struct URLTests {
    @Test func aFullURLSetsEveryField() throws {
        let configuration = try RedisConfiguration(url: "redis://app:p%40ss@127.0.0.1:6380/2")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 6380)
        #expect(configuration.username == "app")
        #expect(configuration.password == "p@ss")
        #expect(configuration.database == 2)
    }

    @Test(arguments: [
        ("redis://127.0.0.1", nil, nil, 6379, 0),
        ("redis://:secret@localhost", nil, "secret", 6379, 0),
        ("redis://secret@localhost:7000", nil, "secret", 7000, 0),
        ("redis://127.0.0.1:6379/", nil, nil, 6379, 0),
        ("REDIS://127.0.0.1/15", nil, nil, 6379, 15),
    ] as [(String, String?, String?, Int, Int)])
    func shortURLsUseDefaults(url: String, username: String?, password: String?, port: Int, database: Int) throws {
        let configuration = try RedisConfiguration(url: url)
        #expect(configuration.username == username)
        #expect(configuration.password == password)
        #expect(configuration.port == port)
        #expect(configuration.database == database)
    }

    @Test(arguments: [
        "127.0.0.1:6379",
        "http://127.0.0.1:6379",
        "rediss://127.0.0.1:6379",
        "redis://",
        "redis://127.0.0.1:6379/db",
        "redis://127.0.0.1:6379/-1",
        "redis://127.0.0.1:99999",
        "not a url at all",
    ])
    func malformedURLsAreRejected(url: String) {
        let error = #expect(throws: RedisError.self) {
            try RedisConfiguration(url: url)
        }
        #expect(error?.code == .invalidURL)
    }

    @Test func descriptionsNeverShowThePassword() throws {
        let configuration = try RedisConfiguration(url: "redis://app:hunter2@127.0.0.1/1")
        #expect(!configuration.description.contains("hunter2"))
        #expect(configuration.description == "redis://app@127.0.0.1:6379/1")
        #expect(!RedisCommand("AUTH", "app", "hunter2").description.contains("hunter2"))
    }
}
