import Foundation

/// Reads test fixtures, both the bundled ones and the shared MTConnect corpus.
enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return try [UInt8](Data(contentsOf: url))
    }

    static func path(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return url.path
    }

    /// `../shared/corpus/mtconnect` next to the package root, found from this file's path.
    static let corpusDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/mtconnect")

    static var corpusAvailable: Bool {
        let available = FileManager.default.fileExists(atPath: corpusDirectory.appendingPathComponent("SOURCES.md").path)
        if !available {
            print("MTConnect corpus not found at \(corpusDirectory.path); corpus tests are skipped (CI always has it)")
        }
        return available
    }

    static func corpus(_ relativePath: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: corpusDirectory.appendingPathComponent(relativePath)))
    }

    static func corpusFiles(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: corpusDirectory.appendingPathComponent(folder).path)
            .sorted().map { "\(folder)/\($0)" }
    }

    struct FixtureMissing: Error {
        let name: String
    }
}

extension Array where Element == UInt8 {
    init(xml: String) {
        self = Array(xml.utf8)
    }
}
