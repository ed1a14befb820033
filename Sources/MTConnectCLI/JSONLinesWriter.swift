import Foundation

/// Writes one compact JSON object per line to standard output, in 64 KiB writes.
final class JSONLinesWriter {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private var buffer = Data()

    func write(_ value: some Encodable) throws {
        buffer.append(try encoder.encode(value))
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 {
            flush()
        }
    }

    func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
