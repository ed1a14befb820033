import ArgumentParser
import Foundation
import IdempotencyKit

/// Prints the idempotency fingerprint of a request, to find out why a retry was answered with
/// "key reused": two bodies that differ only in key order or whitespace print the same digest.
struct FingerprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprint",
        abstract: "Print the idempotency fingerprint and canonical JSON of a request body."
    )

    @Option(help: "The HTTP method.")
    var method = "POST"

    @Option(help: "The request path, e.g. /api/ext/event.")
    var path: String

    @Argument(help: "The body file; '-' or nothing reads standard input.")
    var file: String?

    func run() throws {
        let body: [UInt8]
        if let file, file != "-" {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIFailure("cannot read \(file)")
            }
            body = Array(data)
        } else {
            body = Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        let fingerprint = RequestFingerprint(method: method, path: path, body: body)
        print("fingerprint \(fingerprint.hexString)")
        do {
            let canonical = try CanonicalJSON.canonicalize(body)
            print("canonical   \(String(decoding: canonical, as: UTF8.self))")
        } catch {
            print("body        not JSON (\(error.message)); hashed byte for byte")
        }
    }
}
